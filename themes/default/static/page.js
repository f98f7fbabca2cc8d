/* studybook pages: what every page does besides search. On paper nothing can be opened,
   so folded lists (a branch's meeting records) are opened for print and folded back
   after. ES5, so it runs on the oldest engines our readers' browsers carry. */
(function () {
  'use strict';
  var opened = [];
  function unfold() {
    var all = document.querySelectorAll('details:not([open])');
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute('open', '');
      opened.push(all[i]);
    }
  }
  function fold() {
    while (opened.length) opened.pop().removeAttribute('open');
  }
  window.addEventListener('beforeprint', unfold);
  /* A ledger's button prints it. */
  var buttons = document.querySelectorAll('button.print-page');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function () { window.print(); });
  }
  window.addEventListener('afterprint', fold);
  /* Engines without the print events still tell a change of media. */
  if (window.matchMedia) {
    var print = window.matchMedia('print');
    if (print.addListener) {
      print.addListener(function (m) { if (m.matches) unfold(); else fold(); });
    }
  }
}());
