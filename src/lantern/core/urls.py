from django.urls import path

from lantern.core import glossary, second_factor_views, user_admin_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("signin/", views.signin, name="login"),
    path("signin/code/", second_factor_views.signin_code, name="signin_code"),
    path("signin/set-up/", second_factor_views.signin_enrol, name="signin_enrol"),
    path("signout/", views.signout, name="logout"),
    path("administration/", views.force_admin, name="force_admin"),
    path("administration/audit-log/", views.audit_log, name="audit_log"),
    path("administration/users/new/", user_admin_views.add_user, name="add_user"),
    path("administration/users/<int:pk>/", user_admin_views.user_detail, name="user_detail"),
    path("administration/users/<int:pk>/change/", user_admin_views.change_user, name="change_user"),
    path("administration/users/<int:pk>/deactivate/", user_admin_views.deactivate_user, name="deactivate_user"),
    path("administration/users/<int:pk>/reactivate/", user_admin_views.reactivate_user, name="reactivate_user"),
    path("administration/users/<int:pk>/unlock/", user_admin_views.unlock_user, name="unlock_user"),
    path(
        "administration/users/<int:pk>/reset-second-factor/",
        second_factor_views.reset_second_factor,
        name="reset_second_factor",
    ),
    path("account/", views.account, name="account"),
    path("glossary/", glossary.glossary_page, name="glossary"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_token"),
]
