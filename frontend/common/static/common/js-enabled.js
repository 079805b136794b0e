/* Loaded without defer in <head>: marks the page as scripted before it is drawn, so site.css can
   keep the navigation open for browsers without JavaScript (Bootstrap's collapse needs it). */
document.documentElement.classList.add("js");
