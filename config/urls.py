from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, register_converter
from django_rq import urls as rq_urls
from drf_spectacular.views import SpectacularAPIView

from exceptions import fix_once_views
from exceptions.access import RQ_DASHBOARD
from exceptions.access_admin import guarded_include
from exceptions.governance import views as governance
from exceptions.governance.weeks import IsoWeekConverter
from integrations.monitoring.views import dashboard
from integrations.timeline_views import order_search, order_timeline

register_converter(IsoWeekConverter, "week")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # django-rq's pages check only is_staff: the policy decides who reaches them.
    path("admin/django-rq/", guarded_include(rq_urls, RQ_DASHBOARD)),
    path("admin/dashboard/", admin.site.admin_view(dashboard), name="admin-dashboard"),
    # One order across the systems: found by name, number, email or id (integrations.timeline).
    path("admin/order-timeline/", admin.site.admin_view(order_search),
         name="order_timeline_search"),
    path("admin/order-timeline/<int:store_id>/<str:order_id>/",
         admin.site.admin_view(order_timeline), name="order_timeline"),
    # Fix once, clear all: preview, then retry, every stuck job a ticket groups.
    path("admin/fix-once/<int:ticket_id>/", admin.site.admin_view(fix_once_views.preview_page),
         name="fix_once_preview"),
    path("admin/fix-once/<int:ticket_id>/retry/",
         admin.site.admin_view(fix_once_views.retry_page), name="fix_once_retry"),
    # The weekly governance review (the views ask exceptions.access who may see and act).
    path("admin/governance/", admin.site.admin_view(governance.choose_week),
         name="governance"),
    path("admin/governance/<week:week>/", admin.site.admin_view(governance.week_page),
         name="governance-week"),
    path("admin/governance/<week:week>/export.csv", admin.site.admin_view(governance.week_csv),
         name="governance-week-csv"),
    path("admin/governance/<week:week>/sign-off/", admin.site.admin_view(governance.sign_off),
         name="governance-sign-off"),
    path("admin/governance/follow-ups/<int:pk>/done/",
         admin.site.admin_view(governance.follow_up_done), name="governance-follow-up-done"),
    path("admin/", admin.site.urls),
    path("webhooks/", include("integrations.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("healthz", healthz),
]
