"""Pure-Python helpers (no Django): Japanese numerals, era dates, case numbering."""
