"""Sign-up and sign-in: mobile OTP over SMS, passwords, access tokens, the profile."""
