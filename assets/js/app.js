// Small, optional enhancements; every page works without this file.
"use strict";

// Buttons that change something hard to undo ask first.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
