//! The wasm's memory allocator: power-of-two size classes, each with its own free list, carved
//! from pages that only ever grow. It replaces std's dlmalloc, which is a tenth of the module.
//! A call allocates the same shapes every time, so after the first calls every block comes back
//! off a free list and memory stays flat; the cost is up to half of each block left unused.
//!
//! Pure pointer arithmetic over memory handed out by `PageSource`, so the host tests run it on
//! a plain buffer; `wasm::global_heap` plugs it into `memory.grow`.

use std::alloc::Layout;
use std::ptr;

pub const PAGE_BYTES: usize = 65_536;
/// 16 bytes: room for the free-list link, and wasm's widest alignment.
const SMALLEST_CLASS: u32 = 4;
/// Blocks are aligned to their size up to this; a larger `align` is refused (std never asks).
const MAX_ALIGN: usize = 4096;
const CLASSES: usize = usize::BITS as usize;

/// Hands out fresh memory: `pages` new pages, returned as the address of the first, or `None`.
/// Successive grants must be contiguous (as `memory.grow` is) for the tail of one to be used.
pub trait PageSource {
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

pub struct SizeClassHeap<S> {
    source: S,
    /// Head of each class's free list (0: empty). A free block's first word links to the next.
    free: [usize; CLASSES],
    /// The untouched rest of the last pages granted.
    next: usize,
    end: usize,
}

impl<S: PageSource> SizeClassHeap<S> {
    pub const fn new(source: S) -> Self {
        Self { source, free: [0; CLASSES], next: 0, end: 0 }
    }

    /// # Safety
    /// As `GlobalAlloc::alloc`; the heap must not be used from two threads.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else { return ptr::null_mut() };
        let Some(head) = self.free.get_mut(class as usize) else { return ptr::null_mut() };
        if *head != 0 {
            let block = *head;
            *head = unsafe { (block as *const usize).read() };
            return block as *mut u8;
        }
        self.carve(class).map_or(ptr::null_mut(), |block| block as *mut u8)
    }

    /// # Safety
    /// As `GlobalAlloc::dealloc`: `block` came from `alloc` with this `layout`.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        let Some(head) = class_of(layout).and_then(|class| self.free.get_mut(class as usize)) else { return };
        unsafe { (block as *mut usize).write(*head) };
        *head = block as usize;
    }

    /// # Safety
    /// As `GlobalAlloc::realloc`.
    pub unsafe fn realloc(&mut self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return ptr::null_mut() };
        if class_of(new_layout) == class_of(layout) {
            return block;
        }
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            unsafe {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        moved
    }

    /// A new block from the untouched tail, growing it first when it is too short.
    fn carve(&mut self, class: u32) -> Option<usize> {
        let size = 1usize.checked_shl(class)?;
        let align = size.min(MAX_ALIGN);
        let mut start = self.next.checked_next_multiple_of(align)?;
        if start.checked_add(size)? > self.end {
            let pages = size.checked_add(align)?.div_ceil(PAGE_BYTES);
            let base = self.source.grow(pages)?;
            if base != self.end {
                // Not contiguous with the old tail, which is given up.
                self.next = base;
            }
            self.end = base.checked_add(pages.checked_mul(PAGE_BYTES)?)?;
            start = self.next.checked_next_multiple_of(align)?;
        }
        self.next = start.checked_add(size)?;
        Some(start)
    }
}

/// The class whose blocks fit `layout`: log2 of its size rounded up to a power of two.
fn class_of(layout: Layout) -> Option<u32> {
    if layout.align() > MAX_ALIGN {
        return None;
    }
    let size = layout.size().max(layout.align()).checked_next_power_of_two()?;
    Some(size.trailing_zeros().max(SMALLEST_CLASS))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages from one buffer, as `memory.grow` gives them: contiguous, until it is full.
    struct Buffer {
        memory: Vec<u8>,
        used_pages: usize,
    }

    impl PageSource for &mut Buffer {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            let base = (self.memory.as_ptr() as usize).next_multiple_of(PAGE_BYTES) + self.used_pages * PAGE_BYTES;
            let limit = self.memory.as_ptr() as usize + self.memory.len();
            if base + pages * PAGE_BYTES > limit {
                return None;
            }
            self.used_pages += pages;
            Some(base)
        }
    }

    fn buffer(pages: usize) -> Buffer {
        Buffer { memory: vec![0; (pages + 1) * PAGE_BYTES], used_pages: 0 }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_writable() {
        let mut memory = buffer(8);
        let mut heap = SizeClassHeap::new(&mut memory);
        let mut blocks = Vec::new();
        for (size, align) in [(1, 1), (3, 2), (16, 8), (17, 4), (100, 8), (64, 64), (5000, 4096), (0, 1)] {
            let block = unsafe { heap.alloc(layout(size, align)) };
            assert!(!block.is_null());
            assert_eq!(block as usize % align, 0, "size {size} align {align}");
            unsafe { ptr::write_bytes(block, 0xAB, size) };
            blocks.push((block as usize, size.max(1)));
        }
        blocks.sort();
        for pair in blocks.windows(2) {
            assert!(pair[0].0 + pair[0].1 <= pair[1].0, "blocks overlap: {pair:?}");
        }
    }

    #[test]
    fn a_freed_block_is_reused_by_the_same_class_so_repeated_calls_do_not_grow() {
        let mut memory = buffer(4);
        let mut heap = SizeClassHeap::new(&mut memory);
        let shapes = [layout(24, 8), layout(200, 8), layout(7, 1), layout(3000, 4)];
        for _ in 0..10_000 {
            let blocks: Vec<_> = shapes.iter().map(|&shape| (unsafe { heap.alloc(shape) }, shape)).collect();
            for (block, shape) in blocks.into_iter().rev() {
                assert!(!block.is_null());
                unsafe { heap.dealloc(block, shape) };
            }
        }
        assert_eq!(memory.used_pages, 1);
    }

    #[test]
    fn realloc_keeps_the_contents_and_stays_put_within_a_class() {
        let mut memory = buffer(8);
        let mut heap = SizeClassHeap::new(&mut memory);
        let block = unsafe { heap.alloc(layout(20, 1)) };
        unsafe { ptr::copy_nonoverlapping(b"01234567890123456789".as_ptr(), block, 20) };
        let same = unsafe { heap.realloc(block, layout(20, 1), 32) };
        assert_eq!(same, block);
        let moved = unsafe { heap.realloc(same, layout(32, 1), 33) };
        assert_ne!(moved, block);
        assert_eq!(unsafe { std::slice::from_raw_parts(moved, 20) }, b"01234567890123456789");
        // The old block went back to its list.
        assert_eq!(unsafe { heap.alloc(layout(30, 1)) }, block);
    }

    #[test]
    fn exhaustion_and_impossible_layouts_give_null_rather_than_a_panic() {
        let mut memory = buffer(2);
        let mut heap = SizeClassHeap::new(&mut memory);
        assert!(unsafe { heap.alloc(layout(3 * PAGE_BYTES, 1)) }.is_null());
        assert!(unsafe { heap.alloc(layout(8, 8192)) }.is_null());
        assert!(unsafe { heap.alloc(layout(isize::MAX as usize - 100, 1)) }.is_null());
        assert!(!unsafe { heap.alloc(layout(PAGE_BYTES / 2, 8)) }.is_null());
    }

    #[test]
    fn a_block_larger_than_a_page_takes_enough_pages() {
        let mut memory = buffer(8);
        let mut heap = SizeClassHeap::new(&mut memory);
        let small = unsafe { heap.alloc(layout(100, 8)) };
        let large = unsafe { heap.alloc(layout(PAGE_BYTES + 1, 8)) };
        assert!(!small.is_null() && !large.is_null());
        unsafe { ptr::write_bytes(large, 1, PAGE_BYTES + 1) };
        assert!(large as usize >= small as usize + 128);
    }
}
