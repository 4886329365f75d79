from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from shingikai.accounts import audit_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.code, name="code"),
    path("login/cancel/", views.cancel_code, name="cancel_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("audit/", audit_views.audit_trail, name="audit"),
]
