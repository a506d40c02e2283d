"""Web: the JSON API (FastAPI) and the map page, served by `frontline serve`."""
