#!/usr/bin/env python3
"""record-md.py OUTDIR: boots the QEMU test guest (Debian kernel + initramfs with mdadm, raid0/1/10/456, linear,
dm_mod, dmsetup) and records, for a series of real md situations, /proc/mdstat, the sysfs md files and
`mdadm --detail` of every array into OUTDIR/<situation>/ (laid out as a root: proc/mdstat, sys/block/mdX/md/...,
mdadm/mdX.detail + mdX.exit). Uses /work/shared/reference/qemu/guestlib.py."""
import os, re, sys, time
sys.path.insert(0, "/work/shared/reference/qemu")
from guestlib import Guest

out = os.path.abspath(sys.argv[1])
phase = sys.argv[2] if len(sys.argv) > 2 else "1"
only = set(sys.argv[3:])
run = "/tmp/mdvm-record"
os.makedirs(run, exist_ok=True)
VIRTIO = "abcdefgh"
for i in range(len(VIRTIO)):
    with open(f"{run}/v{i}.img", "wb") as f: f.truncate(64 << 20)
for i in range(2):
    with open(f"{run}/n{i}.img", "wb") as f: f.truncate(96 << 20)
T0 = time.time()
transcript = open(f"{out}/transcript.txt", "w")
def log(s):
    line = f"[{time.time()-T0:6.1f}s] {s}" if s.startswith("#") else s
    print(line, flush=True); transcript.write(line + "\n"); transcript.flush()

args = ["-accel", "tcg", "-cpu", "max", "-m", "768", "-smp", "2", "-kernel", os.environ["KERNEL"], "-initrd", os.environ["INITRD"],
        "-append", "console=ttyS0 panic=-1 quiet"]
for i in range(len(VIRTIO)):
    args += ["-drive", f"file={run}/v{i}.img,format=raw,if=none,id=v{i}",
             "-device", f"virtio-blk-pci,drive=v{i},id=vdisk{i},serial=MAILDISK{i}"]
for i in range(2):
    args += ["-drive", f"file={run}/n{i}.img,format=raw,if=none,id=n{i}",
             "-device", f"nvme,drive=n{i},id=ndisk{i},serial=MAILNVME{i}"]
g = Guest(run, args, log)
g.wait_ready(600)
sh = g.sh

SYSFILES = ["array_state", "level", "raid_disks", "degraded", "sync_action", "sync_completed",
            "metadata_version", "chunk_size", "mismatch_cnt"]
def snap(name, note):
    if only and name not in only: return
    log(f"# SNAP {name}: {note}")
    files = " ".join([f"md*/md/{f}" for f in SYSFILES] + ["md*/md/dev-*/state", "md*/md/dev-*/slot", "md*/dev"])
    body, _ = sh("echo @@MDSTAT; cat /proc/mdstat; echo @@SYS; cd /sys/block; for f in " + files +
                 "; do [ -f \"$f\" ] && { echo \"@@F $f\"; cat \"$f\"; }; done; cd /; "
                 "for d in /sys/block/md*; do [ -d \"$d\" ] || continue; n=${d##*/}; echo \"@@DETAIL $n\"; "
                 "mdadm --detail /dev/$n 2>/tmp/err; echo \"@@RC $?\"; echo @@ERR; cat /tmp/err; done; echo @@END", 120)
    d = f"{out}/{name}"
    os.makedirs(f"{d}/proc", exist_ok=True)
    parts = re.split(r"^(@@\w+(?: .*)?)$", body, flags=re.M)
    detail = None
    for i in range(1, len(parts), 2):
        tag, text = parts[i], parts[i + 1].strip("\n")
        if tag == "@@MDSTAT":
            open(f"{d}/proc/mdstat", "w").write(text + "\n")
        elif tag.startswith("@@F "):
            p = f"{d}/sys/block/{tag[4:]}"
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "w").write(text + "\n")
        elif tag.startswith("@@DETAIL "):
            detail = tag[9:]
            os.makedirs(f"{d}/mdadm", exist_ok=True)
            open(f"{d}/mdadm/{detail}.detail", "w").write(text + "\n" if text else "")
        elif tag.startswith("@@RC "):
            open(f"{d}/mdadm/{detail}.exit", "w").write(tag[5:] + "\n")
        elif tag == "@@ERR" and text:
            open(f"{d}/mdadm/{detail}.stderr", "w").write(text + "\n")
    open(f"{d}/NOTE", "w").write(note + "\n")

def slow(kps=400): sh(f"echo 1 > /proc/sys/dev/raid/speed_limit_min; echo {kps} > /proc/sys/dev/raid/speed_limit_max")
def fast_wait():
    sh("echo 200000 > /proc/sys/dev/raid/speed_limit_max; i=0; while grep -qE 'resync|recovery|reshape|check' /proc/mdstat "
       "&& [ $i -lt 600 ]; do sleep 1; i=$((i+1)); done; cat /proc/mdstat", 900)
def stop_all(*disks):
    sh("for m in /dev/md?*; do mdadm --stop $m 2>/dev/null; done; mdadm --zero-superblock " + " ".join(disks) + " 2>/dev/null; cat /proc/mdstat")

sh("uname -r; mdadm --version; ls /sys/block | tr '\\n' ' '")
sh("cat /proc/mdstat")
snap("no-arrays", "md loaded, no arrays")

def phase1():
    # --- raid1 life cycle on vda vdb (+ vdc spare) ---
    slow()
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 /dev/vda /dev/vdb; sleep 3")
    snap("raid1-resync", "raid1 just created, initial resync in progress (speed_limit_max 400)")
    fast_wait()
    snap("raid1-clean", "raid1, 2 members, clean")
    slow(); sh("echo check > /sys/block/md0/md/sync_action; sleep 3")
    snap("raid1-check", "raid1, 'echo check > sync_action' (scrub) in progress")
    sh("echo idle > /sys/block/md0/md/sync_action; sleep 1; echo repair > /sys/block/md0/md/sync_action; sleep 3")
    snap("raid1-repair", "raid1, 'echo repair > sync_action' in progress (mdstat prints it as resync)")
    sh("echo idle > /sys/block/md0/md/sync_action; sleep 1"); fast_wait()
    sh("mdadm /dev/md0 --fail /dev/vdb; sleep 1")
    snap("raid1-degraded-faulty", "raid1, vdb marked faulty with mdadm --fail, still in the array")
    sh("mdadm /dev/md0 --remove /dev/vdb; sleep 1")
    snap("raid1-degraded", "raid1, faulty vdb removed: one member, an empty slot")
    slow(); sh("mdadm --zero-superblock /dev/vdb; mdadm /dev/md0 --add /dev/vdb; sleep 3")
    snap("raid1-recovering", "raid1, vdb added back, recovery in progress")
    fast_wait()
    sh("mdadm /dev/md0 --add /dev/vdc; sleep 1")
    snap("raid1-spare", "raid1 clean with vdc as hot spare")
    slow(); sh("mdadm /dev/md0 --fail /dev/vda; sleep 3")
    snap("raid1-spare-rebuilding", "raid1, vda failed, the spare vdc rebuilding onto its slot, vda still listed (F)")
    fast_wait()
    snap("raid1-faulty-replaced", "raid1 after the spare took over: [2/2] [UU] but vda still listed (F)")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc")

    # --- raid1 write-mostly ---
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --assume-clean /dev/vda --write-mostly /dev/vdb; sleep 1")
    snap("raid1-writemostly", "raid1 created --assume-clean, vdb --write-mostly")
    sh("mdadm /dev/md0 --fail /dev/vdb; sleep 1")
    snap("raid1-writemostly-failed", "raid1, the write-mostly member vdb failed: (W)(F)")
    stop_all("/dev/vda", "/dev/vdb")

    # --- raid10 ---
    sh("mdadm --create /dev/md3 --run --level=10 --raid-devices=4 --assume-clean /dev/vda /dev/vdb /dev/vdc /dev/vdd; sleep 1")
    snap("raid10-clean", "raid10 near=2, 4 members")
    sh("mdadm /dev/md3 --fail /dev/vdc; sleep 1; mdadm /dev/md3 --remove /dev/vdc")
    snap("raid10-degraded", "raid10, vdc failed and removed")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd")

    # --- raid0 + linear ---
    sh("mdadm --create /dev/md4 --run --level=0 --raid-devices=2 /dev/vda /dev/vdb; mdadm --create /dev/md5 --run --level=linear --raid-devices=2 /dev/vdc /dev/vdd; sleep 1")
    snap("raid0-linear", "a raid0 (md4) and a linear (md5) array")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd")

    # --- inactive: a raid1 member seen by mdadm --incremental alone ---
    sh("mdadm --create /dev/md6 --run --level=1 --raid-devices=2 --assume-clean --name=inc /dev/vde /dev/vdf; mdadm --stop /dev/md6")
    sh("mdadm --incremental /dev/vde; echo rc=$?; sleep 1")
    snap("inactive", "raid1 stopped, then one member given to mdadm --incremental: inactive, not enough to start")
    sh("for m in /dev/md?*; do mdadm --stop $m 2>/dev/null; done; mdadm --zero-superblock /dev/vde /dev/vdf")

    # --- NVMe partitions: two raid1 on the same two disks -> one resyncs, the other DELAYED ---
    for n in (0, 1):
        sh(f"printf 'n\\np\\n1\\n\\n+40M\\nn\\np\\n2\\n\\n\\nw\\n' | fdisk /dev/nvme{n}n1 >/dev/null 2>&1; ls /sys/block/nvme{n}n1 | grep p")
    slow()
    sh("mdadm --create /dev/md7 --run --level=1 --raid-devices=2 /dev/nvme0n1p1 /dev/nvme1n1p1; "
       "mdadm --create /dev/md8 --run --level=1 --raid-devices=2 /dev/nvme0n1p2 /dev/nvme1n1p2; sleep 3")
    snap("nvme-partitions-delayed", "two raid1 on partitions of the same two NVMe disks: one resyncs, the other waits (DELAYED)")
    fast_wait()
    slow(); sh("echo check > /sys/block/md7/md/sync_action; echo check > /sys/block/md8/md/sync_action; sleep 3")
    snap("check-with-delayed", "monthly-check situation: check on md7, md8's check waits behind it (shown as resync=DELAYED)")
    sh("echo idle > /sys/block/md7/md/sync_action; echo idle > /sys/block/md8/md/sync_action"); fast_wait()

    # --- where a filesystem sits: md, partition of md, dm on md ---
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --assume-clean /dev/vda /dev/vdb; "
       "mdadm --create /dev/md9 --run --level=1 --raid-devices=2 --assume-clean /dev/vdc /dev/vdd; "
       "mdadm --create /dev/md10 --run --level=1 --raid-devices=2 --assume-clean /dev/vde /dev/vdf")
    sh("printf 'n\\np\\n1\\n\\n\\nw\\n' | fdisk /dev/md9 >/dev/null 2>&1; ls /sys/block/md9")
    sh("dmsetup create mailvg-mail --table \"0 $(cat /sys/block/md10/size) linear /dev/md10 0\" 2>&1; ls /sys/block; dmsetup table")
    sh("mdadm --stop /dev/md7; mdadm --zero-superblock /dev/nvme0n1p1 /dev/nvme1n1p1")
    sh("mkdir -p /srv/a /srv/b /srv/c /srv/d; for p in md0:a md9p1:b dm-0:c nvme0n1p1:d; do /sbin/mke2fs -q -t ext4 /dev/${p%%:*} && mount /dev/${p%%:*} /srv/${p##*:}; done; "
       "df | grep srv")
    if not only or "mounts" in only:
        log("# SNAP mounts: /proc/self/mountinfo and the sysfs links behind each mounted device")
        body, _ = sh("cat /proc/self/mountinfo; echo @@LINKS; cd /sys/dev/block; for l in *; do echo \"$l $(readlink $l)\"; done; cd /; "
                     "echo @@SLAVES; for d in /sys/block/*/slaves/*; do echo $d; done; echo @@PARTS; "
                     "for p in /sys/class/block/*/partition; do echo \"$p $(cat $p)\"; done")
        os.makedirs(f"{out}/mounts", exist_ok=True)
        open(f"{out}/mounts/capture.txt", "w").write(body + "\n")
    snap("mounted", "md0 (ext4 on the array), md9 (ext4 on md9p1), md10 under dm-0 (dmsetup linear), all clean")


def phase2():
    sh("modprobe raid456; echo rc=$?; cat /proc/mdstat")
    # --- raid5 ---
    slow()
    sh("mdadm --create /dev/md1 --run --level=5 --raid-devices=3 /dev/vda /dev/vdb /dev/vdc; sleep 3")
    snap("raid5-initial-recovery", "raid5 just created without --force: mdadm builds it degraded + recovering onto the last disk")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc")
    slow()
    sh("mdadm --create /dev/md1 --run --force --level=5 --raid-devices=3 /dev/vda /dev/vdb /dev/vdc; sleep 3")
    snap("raid5-resync", "raid5 created with --force: initial resync in progress")
    fast_wait()
    snap("raid5-clean", "raid5, 3 members, clean")
    sh("mdadm /dev/md1 --add /dev/vdd; sleep 1")
    slow(); sh("mdadm --grow /dev/md1 --raid-devices=4 2>&1; sleep 4")
    snap("raid5-reshape", "raid5 growing from 3 to 4 members (mdadm --grow --raid-devices=4), reshape in progress")
    fast_wait(); sh("sleep 2; cat /proc/mdstat")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd")

    # --- raid6 ---
    sh("mdadm --create /dev/md2 --run --level=6 --raid-devices=5 --assume-clean /dev/vda /dev/vdb /dev/vdc /dev/vdd /dev/vde; sleep 1")
    snap("raid6-clean", "raid6, 5 members, created --assume-clean")
    sh("mdadm /dev/md2 --fail /dev/vdb; mdadm /dev/md2 --fail /dev/vdd; sleep 1")
    snap("raid6-two-failed", "raid6, two members failed (still listed (F)): no redundancy left")
    sh("mdadm /dev/md2 --fail /dev/vde; sleep 1")
    snap("raid6-three-failed", "raid6, a third member failed: more than the array can lose")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd", "/dev/vde")


    # --- raid1 with an internal bitmap; replacement ---
    slow()
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --bitmap=internal /dev/vda /dev/vdb; sleep 3")
    snap("raid1-bitmap-resync", "raid1 with --bitmap=internal, initial resync in progress: progress line then bitmap line")
    fast_wait()
    snap("raid1-bitmap-clean", "raid1 with internal bitmap, clean")
    sh("mdadm /dev/md0 --add /dev/vdc; sleep 1"); slow()
    sh("mdadm /dev/md0 --replace /dev/vda --with /dev/vdc; sleep 3")
    snap("raid1-replace", "raid1 + bitmap: mdadm --replace vda --with vdc in progress (vdc marked (R))")
    fast_wait(); sh("sleep 2; cat /proc/mdstat")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc")

    # --- raid1 0.90 metadata, read-only ---
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=0.90 --assume-clean /dev/vda /dev/vdb; sleep 1")
    snap("raid1-metadata-0.90", "raid1 with 0.90 metadata (no 'super' in mdstat)")
    sh("mdadm --readonly /dev/md0; sleep 1")
    snap("raid1-readonly", "the 0.90 raid1 after mdadm --readonly")
    stop_all("/dev/vda", "/dev/vdb")

    # --- auto-read-only with a pending resync ---
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 /dev/vda /dev/vdb; sleep 1; mdadm --stop /dev/md0; "
       "echo 1 > /sys/module/md_mod/parameters/start_ro; mdadm --assemble /dev/md0 /dev/vda /dev/vdb; sleep 1")
    snap("raid1-auto-read-only-pending", "md_mod start_ro=1, raid1 assembled after an interrupted resync: (auto-read-only), resync=PENDING")
    sh("echo 0 > /sys/module/md_mod/parameters/start_ro")
    stop_all("/dev/vda", "/dev/vdb")

    # --- raid5 with a journal device ---
    sh("mdadm --create /dev/md1 --run --level=5 --raid-devices=3 --assume-clean /dev/vda /dev/vdb /dev/vdc --write-journal /dev/vdd; sleep 1")
    snap("raid5-journal", "raid5 with a write journal device (J)")
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd")

    # --- raid6 recovering two at once ---
    sh("mdadm --create /dev/md2 --run --level=6 --raid-devices=4 --assume-clean /dev/vda /dev/vdb /dev/vdc /dev/vdd; "
       "mdadm /dev/md2 --fail /dev/vdb --remove /dev/vdb; mdadm /dev/md2 --fail /dev/vdc --remove /dev/vdc; sleep 1")
    slow(); sh("mdadm /dev/md2 --add /dev/vde /dev/vdf; sleep 3")
    snap("raid6-recovering-two", "raid6 that lost two members, two new disks added: recovery in progress")
    fast_wait()
    stop_all("/dev/vda", "/dev/vdb", "/dev/vdc", "/dev/vdd", "/dev/vde", "/dev/vdf")

    # --- IMSM container + volume (IMSM_NO_PLATFORM=1) ---
    sh("export IMSM_NO_PLATFORM=1; mdadm --create /dev/md/imsm0 --run --metadata=imsm --raid-devices=2 /dev/vdg /dev/vdh 2>&1; "
       "mdadm --create /dev/md/vol0 --run --level=1 --raid-devices=2 --assume-clean /dev/vdg /dev/vdh 2>&1; sleep 2; cat /proc/mdstat")
    snap("imsm", "IMSM container and a raid1 volume in it, created with IMSM_NO_PLATFORM=1 (mdmon running)")


def phase3():
    slow(300)
    sh("mdadm --create /dev/md0 --run --level=1 --raid-devices=2 /dev/vda /dev/vdb; sleep 3; cat /proc/mdstat; mdadm --stop /dev/md0; "
       "echo 1 > /sys/module/md_mod/parameters/start_ro; mdadm --assemble /dev/md0 /dev/vda /dev/vdb; sleep 2")
    snap("raid1-auto-read-only-pending", "md_mod start_ro=1, raid1 assembled after its initial resync was interrupted by --stop: (auto-read-only), resync=PENDING")
    sh("echo 0 > /sys/module/md_mod/parameters/start_ro")


{"1": phase1, "2": phase2, "3": phase3}[phase]()
g.close()
log("# done")
