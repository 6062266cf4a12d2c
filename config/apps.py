"""The admin, with the control panel's own site as the default `admin.site`."""

from django.contrib.admin.apps import AdminConfig


class ControlPanelAdminConfig(AdminConfig):
    default_site = "exceptions.admin_site.ControlPanelSite"
