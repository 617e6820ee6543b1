//! `crate::heap` as the module's global allocator, over `memory.grow`.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

use crate::heap::{PageSource, SizeClassHeap, PAGE_BYTES};

struct MemoryGrow;

impl PageSource for MemoryGrow {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        let previous = core::arch::wasm32::memory_grow(0, pages);
        (previous != usize::MAX).then(|| previous * PAGE_BYTES)
    }
}

struct GlobalHeap(UnsafeCell<SizeClassHeap<MemoryGrow>>);

// SAFETY: the module is built without threads (no `atomics` target feature), so there is only
// ever one caller; allocation does not call back into JS, so it is never re-entered.
unsafe impl Sync for GlobalHeap {}

unsafe impl GlobalAlloc for GlobalHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { (*self.0.get()).alloc(layout) }
    }
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { (*self.0.get()).dealloc(block, layout) }
    }
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { (*self.0.get()).realloc(block, layout, new_size) }
    }
}

#[global_allocator]
static HEAP: GlobalHeap = GlobalHeap(UnsafeCell::new(SizeClassHeap::new(MemoryGrow)));
