#!/bin/bash
# build-initramfs.sh OUT.cpio.gz [KVER]
# Minimal initramfs for the md/SMART/IPMI test guest: busybox-static + mdadm + smartctl + ipmitool + mke2fs
# + the Debian kernel modules they need (from /lib/modules/KVER, or MODDIR= an extracted linux-image .deb tree).
# Host packages used: qemu-system-x86 (for the guest), busybox-static, mdadm, smartmontools, ipmitool, e2fsprogs, kmod, cpio, file.
# Our own /init is guest-init.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "$1"); kver=${2:-$(ls /lib/modules | grep -- -amd64 | sort -V | tail -1)}
moddir=${MODDIR:-/lib/modules/$kver}            # may point into an extracted .deb
root=$(mktemp -d /tmp/initramfs.XXXX)
mkdir -p $root/{bin,sbin,etc,proc,sys,dev,tmp,mnt,run,lib/modules/$kver,lib64,var/run}
cp /bin/busybox $root/bin/busybox
mkdir -p $root/usr/share/misc; cp /usr/share/misc/enterprise-numbers.txt $root/usr/share/misc/ 2>/dev/null || true
for b in /sbin/mdadm /sbin/mdmon /usr/sbin/mke2fs /usr/sbin/dmsetup; do
  cp "$b" $root/sbin/
  for l in $(ldd "$b" | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'); do
    mkdir -p "$root$(dirname "$l")"; cp -nL "$l" "$root$l"
  done
done
# optional extra trees, e.g. EXTRA="/tmp/jre-min:/opt/jre /path/to/app:/opt/app" (+ shared libs their ELF files need)
for pair in ${EXTRA:-}; do
  src=${pair%%:*}; dst=${pair#*:}; mkdir -p "$root$dst"; cp -a "$src/." "$root$dst/"
  find "$root$dst" -type f \( -perm -u+x -o -name '*.so*' \) -exec sh -c 'file -b "$1" | grep -q ELF' _ {} \; -print |
  while read -r elf; do
    ldd "$elf" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'
  done | sort -u | while read -r l; do mkdir -p "$root$(dirname "$l")"; cp -nL "$l" "$root$l"; done
done
# modules (+ dependencies), resolved against the guest kernel's modules.dep
# (an extracted linux-image .deb has no modules.dep yet: generate it there)
[ -f "$moddir/modules.dep" ] || depmod -b "${moddir%/lib/modules/$kver}" $kver
mods="virtio_pci virtio_blk virtio_scsi sd_mod ahci nvme raid0 raid1 raid10 raid456 linear ext4 crc32c_generic dm_mod"
for m in $mods; do
  modprobe -d "${moddir%/lib/modules/$kver}" -S $kver --show-depends $m | awk '/^insmod/{print $2}'
done | sort -u | while read -r f; do
  rel=${f#${moddir}/}; mkdir -p "$root/lib/modules/$kver/$(dirname "$rel")"; cp "$f" "$root/lib/modules/$kver/$rel"
done
cp $moddir/modules.order $moddir/modules.builtin* $root/lib/modules/$kver/ 2>/dev/null || true
depmod -b $root $kver
cp "/work/shared/reference/qemu/guest-init.sh" $root/init; chmod +x $root/init
echo "$mods" > $root/etc/modules
(cd $root && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
echo "initramfs $out: $(du -h "$out" | cut -f1), $(find $root/lib/modules -name '*.ko' | wc -l) modules, kernel $kver"
rm -rf $root
