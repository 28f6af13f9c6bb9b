"""Check the ledger's invariants (marketplace/wallet/audit.py); exit status 1 on any difference."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.wallet.audit import wallet_audit


class Command(BaseCommand):
    help = "Check the wallet ledger: transactions sum to zero, stored balances equal entries, no unexplained negative balance."

    def handle(self, *args, **options):
        problems = wallet_audit()
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(f"wallet_audit: {len(problems)} problem(s)")
        self.stdout.write("wallet_audit: ok")
