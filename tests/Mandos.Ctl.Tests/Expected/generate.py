# Writes the expected outputs in this folder with Debian's real mandos-ctl (its own PrintTable and
# DumpJSON on the clients below, which SampleClients.cs builds the same):
#   /usr/bin/python3 generate.py tests/Mandos.Ctl.Tests/Expected
OUTDIR = __import__("sys").argv[1]
import importlib.util, importlib.machinery, sys, io, contextlib, collections
loader = importlib.machinery.SourceFileLoader("mctl", "/usr/sbin/mandos-ctl")
spec = importlib.util.spec_from_loader("mctl", loader)
m = importlib.util.module_from_spec(spec); sys.argv = ["mandos-ctl"]; loader.exec_module(m)
foo = {"Name": "foo", "KeyID": "92ed150794387c03ce684574b1139a6594a34f895daaaf09fd8ea90a27cddb12", "Host": "foo.example.org",
       "Enabled": True, "Timeout": 300000, "LastCheckedOK": "2019-02-03T00:00:00", "Created": "2019-01-02T00:00:00",
       "Interval": 120000, "Fingerprint": "778827225BA7DE539C5A7CFA59CFF7CDBD9A5920", "CheckerRunning": False,
       "LastEnabled": "2019-01-03T00:00:00", "ApprovalPending": False, "ApprovedByDefault": True, "LastApprovalRequest": "",
       "ApprovalDelay": 0, "ApprovalDuration": 1000, "Checker": "fping -q -- %(host)s", "ExtendedTimeout": 900000,
       "Expires": "2019-02-04T00:00:00", "LastCheckerStatus": 0}
barbar = {"Name": "barbar", "KeyID": "0558568eedd67d622f5c83b35a115f796ab612cff5ad227247e46c2b020f441c", "Host": "192.0.2.3",
       "Enabled": True, "Timeout": 300000, "LastCheckedOK": "2019-02-04T00:00:00", "Created": "2019-01-03T00:00:00",
       "Interval": 120000, "Fingerprint": "3E393AEAEFB84C7E89E2F547B3A107558FCA3A27", "CheckerRunning": True,
       "LastEnabled": "2019-01-04T00:00:00", "ApprovalPending": False, "ApprovedByDefault": False,
       "LastApprovalRequest": "2019-01-03T00:00:00", "ApprovalDelay": 30000, "ApprovalDuration": 93785000, "Checker": ":",
       "ExtendedTimeout": 900000, "Expires": "2019-02-05T00:00:00", "LastCheckerStatus": -2}
uni = {"Name": "\u00fcn\u00ef\U0001F600", "KeyID": "", "Host": "\"q\u00fcoted\\h\u2603st\U0001F600\"\t/\x7f",
       "Enabled": False, "Timeout": 86400000 * 400 + 1, "LastCheckedOK": "", "Created": "2019-01-03T00:00:00.123456",
       "Interval": 999, "Fingerprint": "", "CheckerRunning": False, "LastEnabled": "", "ApprovalPending": True,
       "ApprovedByDefault": True, "LastApprovalRequest": "2019-01-03T00:00:00", "ApprovalDelay": 18446744073709551, "ApprovalDuration": 1,
       "Checker": "echo '%(host)s' \u00e9", "ExtendedTimeout": 0, "Expires": "", "LastCheckerStatus": -1}
clients = collections.OrderedDict([("/clients/foo", foo), ("/clients/barbar", barbar), ("/clients/uni", uni)])
def out(name, cmd, c):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        cmd.run(c)
    with open(OUTDIR + "/" + name, "w", encoding="utf-8") as f:
        f.write(buf.getvalue())
out("table.txt", m.command.PrintTable(), clients)
out("table-verbose.txt", m.command.PrintTable(verbose=True), clients)
out("table-one.txt", m.command.PrintTable(), {"/clients/foo": foo})
out("dump.json", m.command.DumpJSON(), clients)
out("dump-none.json", m.command.DumpJSON(), {})
