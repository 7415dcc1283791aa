#!/usr/bin/env python3
"""record-smart.py OUTDIR: how the recorded/qemu-*.json fixtures were made. Boots the TCG guest with one disk of each kind (SATA on AHCI, NVMe,
virtio-scsi, virtio-blk, USB mass storage on xHCI) and records `smartctl -a -j -n standby` for
each, plus NVMe critical-warning injections. Writes OUTDIR/<name>.json and OUTDIR/exit-codes.txt.
Needs the QEMU kit of /work/shared/reference/qemu (GUESTLIB=that folder, for guestlib.py; KERNEL and
INITRD from its setup-guest.sh, the initramfs rebuilt with the modules virtio_pci virtio_blk
virtio_scsi sd_mod sg ahci nvme xhci_pci usb_storage). TCG, about 40 s."""
import sys, os, json
sys.path.insert(0, os.environ.get("GUESTLIB", os.path.dirname(os.path.abspath(__file__))))
from guestlib import Guest
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
run = "/tmp/smartvm/run"; os.makedirs(run, exist_ok=True)
for n in ["s0", "n0", "q0", "v0", "u0"]:
    with open(f"{run}/{n}.img", "wb") as f: f.truncate(128 << 20)
args = ["-accel", "tcg", "-m", "512", "-smp", "1",
        "-kernel", os.environ["KERNEL"], "-initrd", os.environ["INITRD"],
        "-append", "console=ttyS0 panic=-1 quiet",
        "-device", "ich9-ahci,id=ahci",
        "-drive", f"file={run}/s0.img,format=raw,if=none,id=s0", "-device", "ide-hd,drive=s0,bus=ahci.0,id=sata0,serial=SATA0,model=QEMU-SATA-TEST",
        "-drive", f"file={run}/n0.img,format=raw,if=none,id=n0", "-device", "nvme,drive=n0,id=nvme0,serial=NVME0",
        "-device", "virtio-scsi-pci,id=scsi0",
        "-drive", f"file={run}/q0.img,format=raw,if=none,id=q0", "-device", "scsi-hd,drive=q0,bus=scsi0.0,id=sd0,serial=SCSI0",
        "-drive", f"file={run}/v0.img,format=raw,if=none,id=v0", "-device", "virtio-blk-pci,drive=v0,id=vd0,serial=VIRTIO0",
        "-device", "qemu-xhci,id=xhci",
        "-drive", f"file={run}/u0.img,format=raw,if=none,id=u0", "-device", "usb-storage,drive=u0,id=usb0,serial=USB0,bus=xhci.0"]
g = Guest(run, args); g.wait_ready(600); sh = g.sh
sh("sleep 3")  # let usb-storage settle
body, _ = sh("for d in /sys/block/*; do echo $(basename $d) $(readlink -f $d); done")
kinds = {}
for line in body.splitlines():
    name, path = line.split(" ", 1)
    if "usb" in path: kinds["usb"] = name
    elif "ata" in path: kinds["sata"] = name
    elif "virtio" in path and name.startswith("sd"): kinds["scsi"] = name
    elif name.startswith("vd"): kinds["virtio"] = name
print("# kinds", kinds)
exits = []
def record(name, argv):
    body, _ = sh(f"smartctl {argv} > /tmp/o.json; echo exit=$?", 120)
    code = int(body.strip().splitlines()[-1].split("=")[1])
    text, _ = sh("cat /tmp/o.json", 60, show=False)
    json.loads(text)  # must be valid JSON
    with open(f"{out}/{name}.json", "w") as f: f.write(text + "\n")
    exits.append(f"{name}.json\tsmartctl {argv}\texit {code}")
    print(f"# recorded {name}: exit {code}, {len(text)} chars")
sh("smartctl --version | head -1")
record("qemu-sata-ok", f"-a -j -n standby /dev/{kinds['sata']}")
record("qemu-nvme-ok", "-a -j -n standby /dev/nvme0")
record("qemu-scsi-no-smart", f"-a -j -n standby /dev/{kinds['scsi']}")
record("qemu-virtio-unknown-type", f"-a -j -n standby /dev/{kinds['virtio']}")
if "usb" in kinds:
    record("qemu-usb-unknown-bridge", f"-a -j -n standby /dev/{kinds['usb']}")
    record("qemu-usb-forced-sat", f"-a -j -n standby -d sat /dev/{kinds['usb']}")
for bits, name in [(1, "spare"), (2, "temperature"), (4, "reliability"), (8, "read-only")]:
    print("# qom-set", bits, g.qmp_cmd("qom-set", path="/machine/peripheral/nvme0", property="smart_critical_warning", value=bits))
    record(f"qemu-nvme-warning-{bits}-{name}", "-a -j -n standby /dev/nvme0")
g.qmp_cmd("qom-set", path="/machine/peripheral/nvme0", property="smart_critical_warning", value=0)
# a short self-test on the SATA disk, then the attributes again with its log
sh(f"smartctl -t short /dev/{kinds['sata']} | tail -3; sleep 5", 120)
record("qemu-sata-after-selftest", f"-a -j -n standby /dev/{kinds['sata']}")
with open(f"{out}/exit-codes.txt", "w") as f: f.write("\n".join(exits) + "\n")
g.close()
