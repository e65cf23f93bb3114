"""The Jinja templates shipped with replicate: paper repos (paper/) and ledger pages."""
