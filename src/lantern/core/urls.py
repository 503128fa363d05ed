from django.urls import path

from lantern.core import glossary, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", views.signin, name="login"),
    path("signout/", views.signout, name="logout"),
    path("administration/", views.force_admin, name="force_admin"),
    path("administration/audit-log/", views.audit_log, name="audit_log"),
    path("account/", views.account, name="account"),
    path("glossary/", glossary.glossary_page, name="glossary"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_token"),
]
