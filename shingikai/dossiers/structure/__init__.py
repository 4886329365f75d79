"""The dossier as pure data: schema, values, the Dossier type, the case file, diffs."""
