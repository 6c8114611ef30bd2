"""The entries on disk: the entry format, the writer, the checker, the JSON export."""
