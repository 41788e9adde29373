"""The vault: the system of record for personal data, purpose-tagged and encrypted per subject."""
