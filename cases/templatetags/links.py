"""`{% url %}`, as Django writes it, the link built by `cases.links.url_for`: a built-in of the
project's templates (settings: TEMPLATES OPTIONS "builtins"), so every template's `{% url %}`
is this one. A link with keyword arguments goes to Django's own tag."""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from cases.links import url_for

register = template.Library()


class LinkNode(defaulttags.URLNode):
    def render(self, context):
        if self.kwargs:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        url = ""
        try:
            url = url_for(self.view_name.resolve(context), *args)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return LinkNode(node.view_name, node.args, node.kwargs, node.asvar)
