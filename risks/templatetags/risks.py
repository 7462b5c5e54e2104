from django import template

from risks.charts import heat_map_svg as _heat_map_svg

register = template.Library()


@register.simple_tag
def heat_map_svg(heat):
    return _heat_map_svg(heat)
