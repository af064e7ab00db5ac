from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class FamilyHubWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """Also serves GOV.UK and MOJ Frontend's fonts and images at /assets/, where their
    precompiled CSS looks for them."""

    def __init__(self, get_response=None, settings_=None):
        super().__init__(get_response)
        collected = settings.STATIC_ROOT / "assets"
        if collected.is_dir():
            self.add_files(str(collected), prefix="assets/")
        else:  # not collected (tests): serve straight from the npm packages
            for prefix, path in settings.STATICFILES_DIRS:
                if prefix == "assets" and path.is_dir():
                    self.add_files(str(path), prefix="assets/")
