"""URL map: each domain app holds its own pages (app/urls.py) and API routers (app/api.py)."""

from django.urls import include, path

from lantern.config.api import api

urlpatterns = [
    path("", include("lantern.core.urls")),
    path("cases/", include("lantern.cases.urls")),
    path("people/", include("lantern.people.urls")),
    path("nrm/", include("lantern.nrm.urls")),
    path("oversight/", include("lantern.oversight.urls")),
    path("safeguarding/", include("lantern.safeguarding.urls")),
    path("", include("lantern.victims_code.urls")),
    path("", include("lantern.decisions.urls")),
    path("", include("lantern.portal.urls")),
    path("api/v1/", api.urls),
]
