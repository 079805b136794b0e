/* Search page: filters sent by htmx leave out empty fields ("Any", a blank price), so the URL
   pushed into the history names only the filters in force. Without JavaScript the plain form
   works as well (empty fields are ignored by the server). */
document.addEventListener("htmx:configRequest", function (event) {
  var data = event.detail.formData;
  if (!data || !event.detail.elt.closest("#filters, #search-results")) return;
  var empty = [];
  data.forEach(function (value, key) {
    if (value === "") empty.push(key);
  });
  empty.forEach(function (key) {
    var kept = data.getAll(key).filter(function (value) { return value !== ""; });
    data.delete(key);
    kept.forEach(function (value) { data.append(key, value); });
  });
});
