"""Staff accounts (doctors, editors, admins): sign-in, sessions, CSRF, permissions, audit log."""
