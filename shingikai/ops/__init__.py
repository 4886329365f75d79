"""Operations: `shingikai backup` and `shingikai restore` (docs/backup.md)."""
