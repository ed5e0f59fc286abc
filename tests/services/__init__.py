"""Tests of `riskctl.services`, one module per service: the domain rules as functions over a
real store (a fresh SQLite file per test; PostgreSQL too when configured)."""
