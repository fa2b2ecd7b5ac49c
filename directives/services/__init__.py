"""Writes: every change to validated state goes through a function here."""
