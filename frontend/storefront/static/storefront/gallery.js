/* Product page gallery: a thumbnail shows its picture as the main one; the main picture opens a
   modal <dialog> with the large picture. In the dialog the arrow keys (and the two buttons) step
   through the pictures, Escape or the close button closes it and the focus goes back to where it
   was. Without JavaScript every picture is a plain link to the file. */
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var main = document.querySelector("[data-gallery-open]");
    var dialog = document.getElementById("gallery-dialog");
    if (!main || !dialog || typeof dialog.showModal !== "function") return;
    var mainImage = document.getElementById("gallery-main-image");
    var large = document.getElementById("gallery-dialog-image");
    var caption = document.getElementById("gallery-dialog-caption");
    var thumbs = Array.prototype.slice.call(document.querySelectorAll(".gallery-thumb"));
    var current = 0;

    function picture(index) {
      var thumb = thumbs[index];
      if (!thumb) {
        return { href: main.getAttribute("href"), src: mainImage.getAttribute("src"),
                 srcset: mainImage.getAttribute("srcset") || "", alt: mainImage.getAttribute("alt"),
                 width: mainImage.getAttribute("width"), height: mainImage.getAttribute("height") };
      }
      return { href: thumb.getAttribute("href"), src: thumb.dataset.src, srcset: thumb.dataset.srcset,
               alt: thumb.dataset.alt, width: thumb.dataset.width, height: thumb.dataset.height };
    }
    function show(index) {
      current = (index + Math.max(thumbs.length, 1)) % Math.max(thumbs.length, 1);
      var p = picture(current);
      mainImage.src = p.src;
      if (p.srcset) mainImage.srcset = p.srcset; else mainImage.removeAttribute("srcset");
      mainImage.alt = p.alt;
      if (p.width && p.height) { mainImage.width = p.width; mainImage.height = p.height; }
      main.href = p.href;
      thumbs.forEach(function (t, i) {
        if (i === current) t.setAttribute("aria-current", "true"); else t.removeAttribute("aria-current");
      });
      if (dialog.open) enlarge();
    }
    function enlarge() {
      var p = picture(current);
      large.src = p.href;
      if (p.srcset) large.srcset = p.srcset; else large.removeAttribute("srcset");
      large.alt = p.alt;
      caption.textContent = thumbs.length > 1 ? p.alt : "";
    }
    thumbs.forEach(function (thumb, index) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        show(index);
      });
    });
    main.addEventListener("click", function (event) {
      event.preventDefault();
      enlarge();
      dialog.showModal();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    });
    dialog.addEventListener("click", function (event) {
      var step = event.target.closest("[data-gallery-step]");
      if (step) show(current + parseInt(step.dataset.galleryStep, 10));
      else if (event.target === dialog) dialog.close(); /* a click on the backdrop */
    });
    dialog.addEventListener("close", function () { main.focus(); });
  });
})();
