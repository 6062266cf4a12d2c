"""Template helpers of the order timeline: who gets the order search box."""

from django import template

from integrations.timeline import may_read_timelines

register = template.Library()


@register.filter
def reads_timelines(user) -> bool:
    return may_read_timelines(user)
