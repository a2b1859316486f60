/* casebook.js: small enhancements; every page works without this file.
 *
 * - A form or submit button with data-confirm="Question?" asks before the
 *   form is sent.
 * - A form is sent once: while it is being sent, a second submit is ignored
 *   and its submit buttons are disabled. A form that does not leave the page
 *   (a download) can opt out with data-resubmit.
 */
(function () {
  "use strict";

  var RESUBMIT_AFTER_MS = 15000;

  function submitButtons(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function setButtonsDisabled(form, disabled) {
    var buttons = submitButtons(form);
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = disabled;
    }
  }

  function release(form) {
    delete form.dataset.submitting;
    setButtonsDisabled(form, false);
  }

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }

    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }

    var submitter = event.submitter || null;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }

    if (event.defaultPrevented || form.hasAttribute("data-resubmit")) {
      return;
    }

    form.dataset.submitting = "1";
    /* Disable after the browser has collected the form's data, so the
     * pressed button's own name and value are still sent. */
    window.setTimeout(function () {
      setButtonsDisabled(form, true);
    }, 0);
    /* If the page is still here long after (a slow or failed request), let
     * the person try again. */
    window.setTimeout(function () {
      release(form);
    }, RESUBMIT_AFTER_MS);
  }

  /* Coming back with the Back button may restore this page from the cache
   * with its buttons still disabled. */
  function onPageShow(event) {
    if (!event.persisted) {
      return;
    }
    var forms = document.querySelectorAll("form[data-submitting]");
    for (var i = 0; i < forms.length; i++) {
      release(forms[i]);
    }
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", onPageShow);
})();
