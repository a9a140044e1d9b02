"""The live check: a handful of real pages, which layer gave each field, which site facts held."""
