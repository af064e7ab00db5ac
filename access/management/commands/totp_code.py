"""`familyhub totp-code EMAIL`: print the current two-factor code of a DEMO account.

Only for the synthetic demo borough (refuses when FAMILYHUB_DEMO is off), so that someone
trying the demo can sign in as a privileged role without an authenticator app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code for a demo account (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.FAMILYHUB["DEMO"]:
            raise CommandError("totp-code only works for the synthetic demo borough")
        device = TOTPDevice.objects.filter(user__email=email.lower(), confirmed=True).first()
        if device is None or not email.lower().endswith("@demo.familyhub.test"):
            raise CommandError(f"No demo account with two-factor sign-in: {email}")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
