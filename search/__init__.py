"""Reader search: the search page and the SQLite ranking back-end. May import news."""
