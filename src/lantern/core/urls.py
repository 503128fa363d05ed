from django.urls import path

from lantern.core import second_factor_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", views.signin, name="login"),
    path("signin/code/", second_factor_views.signin_code, name="signin_code"),
    path("signin/set-up/", second_factor_views.signin_enrol, name="signin_enrol"),
    path("signout/", views.signout, name="logout"),
    path("administration/", views.force_admin, name="force_admin"),
    path("administration/audit-log/", views.audit_log, name="audit_log"),
    path(
        "administration/users/<int:pk>/reset-second-factor/",
        second_factor_views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_token"),
]
