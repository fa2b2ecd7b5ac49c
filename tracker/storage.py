"""Static files storage: hashed, compressed names once collected, plain names before."""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's manifest storage that never turns a page into a 500.

    Before `collectstatic` has run (tests, a fresh checkout) and for a file
    added since, the plain name is given and whitenoise serves the file from
    the apps' folders (WHITENOISE_USE_FINDERS); `make run` always collects.
    """

    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:
            return name
