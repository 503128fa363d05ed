"""URL map: each domain app holds its own pages (app/urls.py) and API routers (app/api.py)."""

from django.urls import include, path

from lantern.cases.search_views import search
from lantern.config.api import api
from lantern.core import urls as core_urls

# The one search is core:search, but its page is the cases app's (core imports no app above it).
core_pages = ([*core_urls.urlpatterns, path("search/", search, name="search")], core_urls.app_name)

urlpatterns = [
    path("", include(core_pages)),
    path("cases/", include("lantern.cases.urls")),
    path("people/", include("lantern.people.urls")),
    path("nrm/", include("lantern.nrm.urls")),
    path("oversight/", include("lantern.oversight.urls")),
    path("safeguarding/", include("lantern.safeguarding.urls")),
    path("", include("lantern.victims_code.urls")),
    path("", include("lantern.decisions.urls")),
    path("orders/", include("lantern.orders.urls")),
    path("triage/", include("lantern.triage.urls")),
    path("", include("lantern.notify.urls")),
    path("", include("lantern.portal.urls")),
    path("api/v1/", api.urls),
]
