// The GOV.UK timeout warning (WCAG 2.2.1): two minutes before council staff are signed out for
// inactivity, a modal dialog offers to stay signed in or sign out. Focus moves into the dialog and
// stays there; Escape means "Stay signed in". Markup: templates/includes/timeout_warning.html.
// Without JavaScript nothing here runs; a form sent after the limit is kept by the server
// (send_portal/accounts/idle.py) and offered again after signing in.

// The page is reloaded this long after the server's limit, so that the request arrives after
// it (and signs the person out) rather than just before it (and counts as activity).
const SLACK_MS = 2000;

function inWords(seconds) {
  if (seconds > 60) {
    return `${Math.ceil(seconds / 60)} minutes`;
  }
  if (seconds === 60) {
    return "1 minute";
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

export function initTimeoutWarning(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const warnSeconds = Number(dialog.dataset.warnSeconds);
  const countdown = dialog.querySelector(".app-timeout-dialog__countdown");
  const announcement = dialog.querySelector(".app-timeout-dialog__announcement");
  const stayButton = dialog.querySelector(".app-timeout-dialog__stay");
  const csrfToken = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline = 0;
  let warnTimer = null;
  let tickTimer = null;
  let lastAnnounced = null;
  let returnFocus = null;

  const secondsLeft = () => Math.max(0, Math.ceil((deadline - Date.now()) / 1000));

  function signOut() {
    window.clearInterval(tickTimer);
    // The server has ended the session: asking for this page again leads to the sign-in page.
    window.setTimeout(() => window.location.assign(dialog.dataset.signedOutUrl), SLACK_MS);
  }

  function tick() {
    const left = secondsLeft();
    countdown.textContent = inWords(left);
    // Announced when the dialog opens (its name and description), then at one minute and at
    // 20 seconds: a screen reader is not interrupted every second.
    const mark = left <= 20 ? 20 : left <= 60 ? 60 : null;
    if (mark !== null && mark !== lastAnnounced) {
      lastAnnounced = mark;
      announcement.textContent = `For your security, we will sign you out in ${inWords(left)}.`;
    }
    if (left === 0) {
      signOut();
    }
  }

  function schedule(seconds) {
    deadline = Date.now() + seconds * 1000;
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(open, Math.max(0, seconds - warnSeconds) * 1000);
  }

  function open() {
    returnFocus = document.activeElement;
    lastAnnounced = secondsLeft() <= 60 ? 60 : null;
    announcement.textContent = "";
    tick();
    dialog.showModal();
    stayButton.focus();
    tickTimer = window.setInterval(tick, 1000);
  }

  function close() {
    window.clearInterval(tickTimer);
    dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
  }

  async function staySignedIn() {
    let response;
    try {
      response = await fetch(dialog.dataset.extendUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      });
    } catch {
      response = null;
    }
    if (!response || !response.ok) {
      // Already signed out (or the service cannot be reached): to the sign-in page.
      window.location.assign(dialog.dataset.signedOutUrl);
      return;
    }
    const body = await response.json();
    close();
    schedule(body.seconds_left);
  }

  stayButton.addEventListener("click", staySignedIn);
  // Escape closes a modal dialog: here it means "Stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Focus stays in the dialog: Tab from the last control goes to the first, and back.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") {
      return;
    }
    const controls = [...dialog.querySelectorAll("button, a[href], input:not([type=hidden])")];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  schedule(Number(dialog.dataset.secondsLeft));
}
