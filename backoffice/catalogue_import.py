"""Spreadsheet import and export of listings, in both back offices.

Staff pages sit under /admin/platform/products/ (admin.site.admin_view), vendor pages under
/vendors/products/ (vendor_site.admin_view, so its refusals apply). A vendor reaches only
their own shop: imports are written into it, exports read ``vendor_scope``, and their jobs are
fetched with ``vendor_object``. The work itself, the job's lifecycle included, is in
``marketplace.products.imports``; these pages only call it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from unfold.views import UnfoldSiteViewMixin
from unfold.widgets import UnfoldAdminSelectWidget

import doors.converters  # noqa: F401 - registers <id:>
from doors.errors import form_add_service_error
from marketplace.products.imports import (
    FORMATS,
    export_file,
    export_job_start,
    import_columns,
    import_job_confirm,
    import_job_create,
    import_setting,
    template_file,
)
from marketplace.products.models import Brand, Category, ExportJob, ImportJob, ListingStatus, Product, ProductType
from marketplace.vendors.access import approved_vendor_for_user, vendor_object, vendor_scope
from marketplace.vendors.models import VendorProfile

from .sites import vendor_site

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "XLSX (Excel)")]


# --- Forms --------------------------------------------------------------------------------------
class ImportUploadForm(forms.Form):
    source = forms.FileField(label=_("Spreadsheet (CSV or XLSX)"))
    photos = forms.FileField(
        label=_("Photos (ZIP, optional)"), required=False,
        help_text=_("Name the files in the image_files column; they are matched by file name."),
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["vendor"] = forms.ModelChoiceField(
                label=_("Shop for rows without a vendor column"), required=False,
                queryset=VendorProfile.objects.filter(status=VendorProfile.Status.APPROVED),
                widget=UnfoldAdminSelectWidget,
            )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "block w-full text-sm")

    def clean_source(self):
        source = self.cleaned_data["source"]
        if source.name.rsplit(".", 1)[-1].lower() not in FORMATS:
            raise ValidationError(_("Upload a CSV or XLSX file."), code="format")
        return source

    def clean_photos(self):
        photos = self.cleaned_data.get("photos")
        if photos and not photos.name.lower().endswith(".zip"):
            raise ValidationError(_("The photo archive must be a ZIP file."), code="bad_zip")
        return photos


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv", widget=UnfoldAdminSelectWidget)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any"))] + ListingStatus.choices, widget=UnfoldAdminSelectWidget
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.all(), to_field_name="slug",
        empty_label=_("any"), widget=UnfoldAdminSelectWidget,
    )
    brand = forms.ModelChoiceField(
        label=_("Brand"), required=False, queryset=Brand.objects.all(), to_field_name="slug",
        empty_label=_("any"), widget=UnfoldAdminSelectWidget,
    )
    product_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("any"))] + ProductType.choices, widget=UnfoldAdminSelectWidget
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["vendor"] = forms.ModelChoiceField(
                label=_("Shop"), required=False, queryset=VendorProfile.objects.all(), to_field_name="slug",
                empty_label=_("any"), widget=UnfoldAdminSelectWidget,
            )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("brand"):
            queryset = queryset.filter(brand=data["brand"])
        if data.get("product_type"):
            queryset = queryset.filter(product_type=data["product_type"])
        if data.get("vendor"):
            queryset = queryset.filter(vendor=data["vendor"])
        return queryset

    def job_filters(self) -> dict:
        """The same filters as ids, for an export job (``product_export_filter``)."""
        data = self.cleaned_data
        return {
            "status": data.get("status") or "", "product_type": data.get("product_type") or "",
            "category_id": getattr(data.get("category"), "pk", None), "brand_id": getattr(data.get("brand"), "pk", None),
            "vendor_id": getattr(data.get("vendor"), "pk", None),
        }


# --- Who may do what, per back office -----------------------------------------------------------
class CatalogueDoorMixin(UnfoldSiteViewMixin):
    """``staff`` is fixed per URL: True under /admin/, False under /vendors/."""

    staff = True

    def has_permission(self) -> bool:
        user = self.request.user
        if self.staff:
            return user.is_active and user.is_staff and user.has_perm(self.staff_permission)
        return approved_vendor_for_user(user) is not None  # the vendor site's own guard ran already

    def handle_no_permission(self):
        raise PermissionDenied

    def vendor(self):
        return None if self.staff else approved_vendor_for_user(self.request.user)

    def url(self, name: str, *args) -> str:
        return reverse(f"{'' if self.staff else 'vendor_'}{name}", args=args)

    def jobs(self):
        if self.staff:
            return ImportJob.objects.filter(for_staff=True)
        return vendor_scope(ImportJob.objects.filter(for_staff=False), user=self.request.user)

    def job(self, job_id: int) -> ImportJob:
        if self.staff:  # staff may open any import, a vendor's included
            job = ImportJob.objects.filter(pk=job_id).select_related("vendor", "owner").first()
            if job is None:
                raise Http404
            return job
        return vendor_object(ImportJob.objects.filter(for_staff=False), user=self.request.user, pk=job_id)

    def products_url(self) -> str:
        return reverse("admin:products_product_changelist" if self.staff else "vendors:products_product_changelist")


class ImportView(CatalogueDoorMixin, TemplateView):
    """Upload a sheet (and a ZIP of photos): its dry run starts at once."""

    title = _("Import products")
    template_name = "backoffice/import_form.html"
    staff_permission = "products.change_product"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=kwargs.get("form") or ImportUploadForm(staff=self.staff),
            columns=import_columns(staff=self.staff),
            template_csv=self.url("product_import_template", "csv"),
            template_xlsx=self.url("product_import_template", "xlsx"),
            recent=[(job, self.url("import_job", job.pk)) for job in self.jobs().select_related("vendor", "owner")[:10]],
            products_url=self.products_url(),
            staff=self.staff,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES, staff=self.staff)
        if form.is_valid():
            vendor = form.cleaned_data.get("vendor") if self.staff else self.vendor()
            try:
                job = import_job_create(
                    owner=request.user, vendor=vendor, for_staff=self.staff,
                    source=form.cleaned_data["source"], photos=form.cleaned_data.get("photos"),
                )
            except ValidationError as exc:
                form_add_service_error(form, exc, default_field="source")  # a refusal of the file as a whole
            else:
                return redirect(self.url("import_job", job.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)


UTF8_BOM = "\ufeff"


def spreadsheet_download(content: bytes | str, *, fmt: str, filename: str) -> HttpResponse:
    """A CSV or XLSX file to download.

    A CSV is UTF-8 with a byte-order mark and says so in its Content-Type: Excel reads a CSV
    without a BOM in the Windows code page and garbles ă â î ș ț. Our import reads the BOM back.
    """
    if fmt == "csv":
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        content = (text if text.startswith(UTF8_BOM) else UTF8_BOM + text).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        content_type = FORMATS[fmt]().get_content_type()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class ImportTemplateView(CatalogueDoorMixin, TemplateView):
    title = _("Import template")
    staff_permission = "products.change_product"

    def get(self, request, fmt: str, *args, **kwargs):
        if fmt not in FORMATS:
            raise Http404
        return spreadsheet_download(template_file(fmt=fmt, staff=self.staff), fmt=fmt, filename="snobistic-import-template")


class ImportJobView(CatalogueDoorMixin, TemplateView):
    """One import: progress while it runs, then the preview and errors, the confirmation, the result."""

    title = _("Import")
    template_name = "backoffice/import_job.html"
    staff_permission = "products.change_product"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job(self.kwargs["job_id"])
        context.update(
            job=job,
            title=_("Import #%(id)s") % {"id": job.pk},
            progress_url=self.url("import_job_progress", job.pk),
            confirm_url=self.url("import_job_confirm", job.pk),
            import_url=self.url("product_import"),
            products_url=self.products_url(),
            hidden_errors=max(job.error_count - len(job.errors), 0),
        )
        return context

    def post(self, request, job_id: int, *args, **kwargs):
        job = self.job(job_id)
        try:
            import_job_confirm(job=job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(self.url("import_job", job.pk))


class ImportProgressView(CatalogueDoorMixin, TemplateView):
    title = _("Import")
    staff_permission = "products.change_product"

    def get(self, request, job_id: int, *args, **kwargs):
        job = self.job(job_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": str(job.get_status_display()),
                "total": job.total,
                "done": job.done,
                "percent": job.percent,
                "running": job.is_running,
                "error_count": job.error_count,
                "created_count": job.created_count,
            }
        )


class ExportView(CatalogueDoorMixin, TemplateView):
    """`export_csv`: the listings (a vendor's own, or any for staff) as CSV or XLSX, filtered."""

    title = _("Export products")
    template_name = "backoffice/export_csv.html"
    staff_permission = "products.view_product"

    def get(self, request, *args, **kwargs):
        if "format" not in request.GET:
            return self.render_to_response(self.get_context_data(form=ExportForm(staff=self.staff)))
        form = ExportForm(request.GET, staff=self.staff)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        queryset = Product.objects.all()
        queryset = queryset if self.staff else vendor_scope(queryset, user=request.user)
        fmt = form.cleaned_data["format"]
        queryset = form.filter(queryset).order_by("pk")
        if queryset.count() > import_setting("PRODUCT_EXPORT_INLINE_MAX_ROWS"):  # a big one: a job, streamed, e-mailed
            job = export_job_start(
                owner=request.user, vendor=self.vendor(), staff=self.staff, fmt=fmt, filters=form.job_filters()
            )
            return redirect(self.url("export_job", job.pk))
        content = export_file(queryset=queryset, fmt=fmt, staff=self.staff, url_for=request.build_absolute_uri)
        return spreadsheet_download(content, fmt=fmt, filename="snobistic-products")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(products_url=self.products_url(), export_url=reverse("export_products" if self.staff else "export_csv"))
        return context


class ExportJobMixin(CatalogueDoorMixin):
    title = _("Export products")
    staff_permission = "products.view_product"

    def export_job(self, job_id: int) -> ExportJob:
        """Staff open staff exports; a vendor only their own shop's (another's answers 404)."""
        jobs = ExportJob.objects.filter(vendor__isnull=True) if self.staff else vendor_scope(ExportJob.objects.all(), user=self.request.user)
        job = jobs.filter(pk=job_id, owner=self.request.user).first()
        if job is None:
            raise Http404
        return job


class ExportJobView(ExportJobMixin, TemplateView):
    """A big export: its progress while the job writes it, then the file."""

    template_name = "backoffice/export_job.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.export_job(self.kwargs["job_id"])
        context.update(
            job=job, title=_("Export #%(id)s") % {"id": job.pk}, progress_url=self.url("export_job_progress", job.pk),
            download_url=self.url("export_job_download", job.pk),
            export_url=reverse("export_products" if self.staff else "export_csv"), products_url=self.products_url(),
        )
        return context


class ExportJobProgressView(ExportJobMixin, TemplateView):
    def get(self, request, job_id: int, *args, **kwargs):
        job = self.export_job(job_id)
        return JsonResponse({
            "status": job.status, "status_label": str(job.get_status_display()), "total": job.total, "done": job.done,
            "percent": job.percent, "running": job.is_running,
        })


class ExportJobDownloadView(ExportJobMixin, TemplateView):
    def get(self, request, job_id: int, *args, **kwargs):
        job = self.export_job(job_id)
        if job.status != ExportJob.Status.DONE or not job.file:
            raise Http404
        content_type = "text/csv; charset=utf-8" if job.fmt == "csv" else FORMATS[job.fmt]().get_content_type()
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=f"snobistic-products.{job.fmt}",
                            content_type=content_type)


def _urls(site, *, staff: bool, prefix: str):
    def page(view_class):
        return site.admin_view(view_class.as_view(admin_site=site, staff=staff))

    return [
        path("products/import/", page(ImportView), name=f"{prefix}product_import"),
        path("products/import/template.<str:fmt>", page(ImportTemplateView), name=f"{prefix}product_import_template"),
        path("products/import/<int:job_id>/", page(ImportJobView), name=f"{prefix}import_job"),
        path("products/import/<int:job_id>/progress/", page(ImportProgressView), name=f"{prefix}import_job_progress"),
        path("products/import/<int:job_id>/confirm/", page(ImportJobView), name=f"{prefix}import_job_confirm"),
        path("products/export/<id:job_id>/", page(ExportJobView), name=f"{prefix}export_job"),
        path("products/export/<id:job_id>/progress/", page(ExportJobProgressView), name=f"{prefix}export_job_progress"),
        path("products/export/<id:job_id>/file/", page(ExportJobDownloadView), name=f"{prefix}export_job_download"),
    ]


# Included by config/urls.py under /admin/platform/ and /vendors/.
staff_urlpatterns = [
    *_urls(admin.site, staff=True, prefix=""),
    path(
        "products/export/", admin.site.admin_view(ExportView.as_view(admin_site=admin.site, staff=True)), name="export_products"
    ),
]
vendor_urlpatterns = [
    *_urls(vendor_site, staff=False, prefix="vendor_"),
    path("export-csv/", vendor_site.admin_view(ExportView.as_view(admin_site=vendor_site, staff=False)), name="export_csv"),
]


# --- The changelists' buttons -------------------------------------------------------------------
class CatalogueImportExportMixin:
    """For the product changelists of both sites: Import and Export buttons above the list."""

    change_list_template = "backoffice/catalogue_change_list.html"

    def changelist_view(self, request, extra_context=None):
        staff = self.admin_site is not vendor_site
        links = []
        if not staff or request.user.has_perm("products.change_product"):
            links.append((_("Import"), reverse("product_import" if staff else "vendor_product_import"), "upload"))
        links.append((_("Export"), reverse("export_products" if staff else "export_csv"), "download"))
        return super().changelist_view(request, {**(extra_context or {}), "import_export_links": links})
