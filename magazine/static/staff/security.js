// After a new passkey is saved, show the page that lists it (or, for a
// first second factor, the recovery codes to make next).
(() => {
  "use strict";
  const next = document.currentScript?.dataset.afterPasskey;
  if (!next) return;
  document.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(next);
  });
})();
