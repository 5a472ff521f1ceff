"""The password every test staff account is made with (a module of its own: ``conftest`` is
a different module in each test folder, so importing it by name depends on the run's order)."""

STAFF_PASSWORD = "correct horse battery staple"
