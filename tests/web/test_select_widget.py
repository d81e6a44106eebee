"""The project's widget templates (templates/django/forms/widgets/) write options and attributes inline
for speed: their markup must be exactly Django's own."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting

CHOICES = [("", "Tất cả"), ("a", "Đông Anh"), ("Nhóm", [("b", "B <&>"), ("c", "C")])]


@pytest.mark.parametrize(
    "widget, value",
    [
        (forms.Select(choices=CHOICES, attrs={"id": "id_x", "class": "wide"}), "b"),
        (forms.Select(choices=CHOICES), None),
        (forms.SelectMultiple(choices=CHOICES, attrs={"required": True}), ["a", "c"]),
        (forms.NullBooleanSelect(), True),
        (forms.TextInput(attrs={"placeholder": "tên đơn vị, cán bộ, nội dung…", "autofocus": True}), "x<y"),
        (forms.DateInput(format="%d/%m/%Y"), None),
        (forms.CheckboxInput(), True),
        (forms.CheckboxSelectMultiple(choices=CHOICES[1:2]), ["a"]),
        (forms.HiddenInput(), 5),
    ],
)
def test_the_select_markup_is_djangos(widget, value):
    ours = widget.render("x", value, renderer=TemplatesSetting())
    stock = widget.render("x", value, renderer=DjangoTemplates())
    assert ours == stock
    assert "<option" in ours or "<input" in ours
