/* casebook.js: small enhancements; every page works without this file.
 *
 * - A form or submit button with data-confirm="Question?" asks before the
 *   form is sent.
 * - A form is sent once: while it is being sent, a second submit is ignored
 *   and its submit buttons are disabled. A form that does not leave the page
 *   (a download) can opt out with data-resubmit.
 * - The client list: the "select all on this page" box (#select-page, hidden
 *   until this file shows it) ticks or clears every row's box in its form,
 *   and follows the rows' boxes (ticked, partly or not); the bulk toolbar
 *   shows only the inputs the chosen action needs (data-bulk-actions="a b").
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

  /* The row boxes of the form that holds the "select all on this page" box. */
  function rowBoxes(selectPage) {
    var form = selectPage.form;
    return form ? form.querySelectorAll('input[type="checkbox"][name="ids"]:not(:disabled)') : [];
  }

  function syncSelectPage(selectPage) {
    var boxes = rowBoxes(selectPage);
    var checked = 0;
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].checked) {
        checked++;
      }
    }
    selectPage.checked = boxes.length > 0 && checked === boxes.length;
    selectPage.indeterminate = checked > 0 && checked < boxes.length;
  }

  function setUpSelectPage() {
    var selectPage = document.getElementById("select-page");
    if (!selectPage || !selectPage.form) {
      return;
    }
    selectPage.hidden = false;
    if (selectPage.disabled) {
      return;
    }
    syncSelectPage(selectPage);
    selectPage.addEventListener("change", function () {
      var boxes = rowBoxes(selectPage);
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = selectPage.checked;
      }
    });
    selectPage.form.addEventListener("change", function (event) {
      var target = event.target;
      if (target !== selectPage && target.name === "ids") {
        syncSelectPage(selectPage);
      }
    });
  }

  /* Show an input of the bulk toolbar only for the actions that use it. */
  function setUpBulkActions() {
    var action = document.getElementById("bulk-action");
    if (!action || !action.form) {
      return;
    }
    var parts = action.form.querySelectorAll("[data-bulk-actions]");
    function update() {
      for (var i = 0; i < parts.length; i++) {
        var wanted = parts[i].getAttribute("data-bulk-actions").split(" ");
        parts[i].hidden = wanted.indexOf(action.value) === -1;
      }
    }
    action.addEventListener("change", update);
    update();
  }

  /* Files: dropping files on an upload form puts them in its file input (the input alone
   * works without this). */
  function setUpDropZones() {
    var zones = document.querySelectorAll("form[data-dropzone]");
    Array.prototype.forEach.call(zones, function (form) {
      var input = form.querySelector("input[type=file]");
      if (!input) {
        return;
      }
      form.addEventListener("dragover", function (event) {
        event.preventDefault();
        form.classList.add("dropzone-active");
      });
      form.addEventListener("dragleave", function () {
        form.classList.remove("dropzone-active");
      });
      form.addEventListener("drop", function (event) {
        event.preventDefault();
        form.classList.remove("dropzone-active");
        if (event.dataTransfer && event.dataTransfer.files.length > 0) {
          input.files = event.dataTransfer.files;
        }
      });
    });
  }

  document.addEventListener("submit", onSubmit);
  window.addEventListener("pageshow", onPageShow);
  setUpSelectPage();
  setUpBulkActions();
  setUpDropZones();
})();
