'use strict';
// Select2 over a NetSuite reference list (mappings.reference_picker). The search is asked
// for the store chosen in the same form: its NetSuite account's list.
{
    const $ = django.jQuery;

    function storeOf(element) {
        const form = element.closest('form');
        const store = form && form.querySelector('[name="store"]');
        return store ? store.value : '';
    }

    function option(result) {
        if (!result.id || !result.summary) {
            return result.text;
        }
        const row = document.createElement('span');
        const name = document.createElement('span');
        name.className = 'cp-pick-name';
        name.textContent = result.code && result.code !== result.name
            ? `${result.name} (${result.code})` : result.name;
        const meta = document.createElement('span');
        meta.className = 'cp-pick-meta';
        meta.textContent = `internal id ${result.id} · ${result.status}`
            + (result.type ? ` · ${result.type}` : '')
            + (result.rate ? ` · rate ${result.rate}` : '');
        row.append(name, meta);
        return row;
    }

    function showPicked(element, data) {
        const line = element.closest('.cp-picker').querySelector('.cp-picked');
        if (line) {
            line.textContent = data ? data.summary || '' : '';
            line.classList.toggle('cp-picked-unusable', Boolean(data && data.disabled));
        }
        const rate = document.querySelector('.cp-netsuite-rate');
        if (rate && element.name.endsWith('tax_code_id')) {
            rate.textContent = data && data.rate ? data.rate : 'not read yet';
        }
    }

    function init(element) {
        $(element).select2({
            ajax: {
                url: element.dataset.url,
                dataType: 'json',
                delay: 200,
                data: (params) => ({
                    term: params.term || '',
                    page: params.page || 1,
                    field: element.dataset.field,
                    store: storeOf(element),
                }),
            },
            allowClear: true,
            placeholder: element.dataset.placeholder || '',
            width: '34em',
            templateResult: option,
        });
        $(element).on('select2:select', (event) => showPicked(element, event.params.data));
        $(element).on('select2:clear', () => showPicked(element, null));
    }

    $(function() {
        $('.cp-netsuite-picker').not('[name*=__prefix__]').each((i, element) => init(element));
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.cp-netsuite-picker').each((i, element) => init(element));
    });
}
