#!/usr/bin/env python3
"""record-examine.py [tcg|kvm]: records real `mdadm --examine` outputs (mdadm 4.2, kernel 6.1) for the
parser's tests. Uses the QEMU harness of /work/shared/reference/qemu (guestlib.Guest; kernel and initramfs
from setup-guest.sh, given as KERNEL= and INITRD=). Each disk is a raw image; the guest builds:
  md0  raid1 metadata 1.2 on vda, vdb, spare vdf; then vdb failed and removed (its superblock is stale)
  md1  raid1 metadata 0.90 on vdd, vde
  md2  raid1 metadata 1.2 --homehost=nas2 --name=mail on vdg, vdh, internal bitmap (another machine's array)
  vdc  blank
and prints `mdadm --examine` of each disk between markers. Writes one file per disk into OUT (default:
this folder)."""
import sys, os, re
HARNESS = os.environ.get("HARNESS", "/work/shared/reference/qemu")
sys.path.insert(0, HARNESS)
from guestlib import Guest
accel = sys.argv[1] if len(sys.argv) > 1 else "tcg"
out_dir = os.environ.get("OUT", os.path.dirname(os.path.abspath(__file__)))
run = os.environ.get("RUN", "/tmp/mdvm-examine"); os.makedirs(run, exist_ok=True)
names = "abcdefgh"
for n in names:
    with open(f"{run}/{n}.img", "wb") as f: f.truncate(64 << 20)
args = ["-accel", accel, "-m", "512", "-kernel", os.environ["KERNEL"], "-initrd", os.environ["INITRD"],
        "-append", "console=ttyS0 panic=-1 quiet"]
for n in names:
    args += ["-drive", f"file={run}/{n}.img,format=raw,if=none,id=d{n}",
             "-device", f"virtio-blk-pci,drive=d{n},id=disk{n},serial=EXAMINE{n.upper()}"]
g = Guest(run, args); g.wait_ready(900); sh = g.sh
sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 --assume-clean /dev/vda /dev/vdb")
sh("mdadm /dev/md0 --add /dev/vdf")
sh("mdadm --create /dev/md1 --run --level=1 --raid-devices=2 --metadata=0.90 --assume-clean /dev/vdd /dev/vde")
sh("mdadm --create /dev/md2 --run --level=1 --raid-devices=2 --metadata=1.2 --homehost=nas2 --name=mail"
   " --bitmap=internal --assume-clean /dev/vdg /dev/vdh")
sh("sync; sleep 1; cat /proc/mdstat")
sh("mdadm /dev/md0 --fail /dev/vdb; mdadm /dev/md0 --remove /dev/vdb; sleep 1; cat /proc/mdstat")
sh("sync; sleep 1")
for n in names:
    body, rc = sh(f"mdadm --examine /dev/vd{n} 2>&1", show=True)
    with open(f"{out_dir}/vd{n}.txt", "w") as f:
        f.write(body + "\n")
    with open(f"{out_dir}/vd{n}.exit", "w") as f:
        f.write(f"{rc}\n")
g.close()
