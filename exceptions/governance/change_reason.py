"""A "reason for the change" on the change forms of mappings and ticket routing: kept as the
history row's change reason, it is what the weekly governance review shows beside the change."""

from django import forms


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for the change", max_length=100, required=False,
        help_text="Kept in the history; the weekly governance review shows it with the change.",
    )


class ChangeReasonAdmin:
    """Goes in front of a ModelAdmin whose model keeps a history."""

    form = ChangeReasonForm

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)
