// The tag box: a tag being typed is offered after the existing tags it matches,
// so "mia" and Enter picks "Miami Beach" rather than making a tag called "mia".
// Runs after the admin's autocomplete.js and starts its select2 again with that option.
"use strict";
{
  const $ = django.jQuery;
  $(function () {
    $("select.admin-autocomplete[data-tags]").each(function () {
      const element = this;
      $(element).select2("destroy");
      $(element).select2({
        ajax: {
          data: (params) => ({
            term: params.term,
            page: params.page,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName,
          }),
        },
        insertTag: (data, tag) => {
          data.push(tag);
        },
      });
    });
  });
}
