"""Staff sign-in: the admin's door (kernel; imports no app).

* ``throttle``: failed sign-ins limited per account and address.
* ``policy``: who must pass a second factor (``STAFF_2FA_REQUIRED``).
* ``middleware``: half-signed-in sessions see nothing but the sign-in pages;
  idle sessions end (``STAFF_IDLE_MINUTES``).
* ``services``: second factors added and reset, sessions ended, notices mailed.
* ``signals``: the audit log (``magazine.models.StaffEvent``).

Second factors come from django-otp (authenticator apps, recovery codes) and
django-otp-webauthn (passkeys); README says why these over django-allauth.
"""
