//! Open-addressing hash tables for lookups on every token: a fixed map from `u64` keys (the
//! word tables, the model's patterns) and a set reused from document to document (repetition).
//! Keys are mixed by one multiplication and probed linearly; 0 marks an empty slot, so a key of
//! 0 is stored as 1 (the keys are hashes or packed symbol ids, where that collision is
//! harmless or impossible).

#[inline]
fn slot<K: Key>(key: K, shift: u32) -> usize {
    (key.wide().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

#[inline]
fn nonzero(key: u64) -> u64 {
    key.max(1)
}

/// A key of a [`Map`]: `u64` hashes or `u32` packed symbol ids (the smaller key keeps a
/// table of patterns in cache).
pub trait Key: Copy + Eq + Default {
    fn wide(self) -> u64;
    /// The key as stored (never 0, the empty slot).
    fn stored(self) -> Self;
}

impl Key for u64 {
    #[inline]
    fn wide(self) -> u64 {
        self
    }
    #[inline]
    fn stored(self) -> Self {
        nonzero(self)
    }
}

impl Key for u32 {
    #[inline]
    fn wide(self) -> u64 {
        u64::from(self)
    }
    #[inline]
    fn stored(self) -> Self {
        self.max(1)
    }
}

/// A map built once and read on every token. Each slot holds its key and value side by
/// side, so a lookup touches one cache line.
#[derive(Debug, Clone, Default)]
pub struct Map<V, K = u64> {
    slots: Vec<(K, V)>,
    shift: u32,
    len: usize,
}

impl<V: Copy + Default, K: Key> Map<V, K> {
    /// A map for about `n` entries (at most half full).
    pub fn with_capacity(n: usize) -> Self {
        let size = (2 * n).next_power_of_two().max(16);
        Map {
            slots: vec![(K::default(), V::default()); size],
            shift: 64 - size.trailing_zeros(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
        }
        let key = key.stored();
        let mask = self.slots.len() - 1;
        let mut i = slot(key, self.shift);
        loop {
            let (k, v) = &mut self.slots[i];
            if *k == K::default() {
                *k = key;
                *v = value;
                self.len += 1;
                return None;
            }
            if *k == key {
                return Some(std::mem::replace(v, value));
            }
            i = (i + 1) & mask;
        }
    }

    /// The value stored for `key`, changed in place.
    pub fn get_mut(&mut self, key: K) -> Option<&mut V> {
        let key = key.stored();
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = slot(key, self.shift);
        loop {
            let k = self.slots[i].0;
            if k == key {
                return Some(&mut self.slots[i].1);
            }
            if k == K::default() {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub fn get(&self, key: K) -> Option<V> {
        let key = key.stored();
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = slot(key, self.shift);
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                return Some(v);
            }
            if k == K::default() {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let old = std::mem::replace(self, Map::with_capacity(self.slots.len().max(8)));
        for (k, v) in old.slots {
            if k != K::default() {
                self.insert(k, v);
            }
        }
    }
}

/// A set of `u64` for one document at a time: [`reset`](Set::reset) sizes and clears it.
#[derive(Debug, Clone, Default)]
pub struct Set {
    keys: Vec<u64>,
    shift: u32,
}

impl Set {
    /// Empties the set, with room for `n` keys.
    pub fn reset(&mut self, n: usize) {
        let size = (2 * n).next_power_of_two().max(16);
        self.keys.clear();
        self.keys.resize(size, 0);
        self.shift = 64 - size.trailing_zeros();
    }

    /// Adds `key`; true when it was not there. At most the `n` keys of the last reset.
    #[inline]
    pub fn insert(&mut self, key: u64) -> bool {
        let key = nonzero(key);
        let mask = self.keys.len() - 1;
        let mut i = slot::<u64>(key, self.shift);
        loop {
            let k = self.keys[i];
            if k == key {
                return false;
            }
            if k == 0 {
                self.keys[i] = key;
                return true;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_and_set_behave_like_std() {
        let mut m: Map<u32> = Map::with_capacity(2);
        let mut small: Map<u8, u32> = Map::with_capacity(2);
        assert_eq!(small.insert(7, 1), None);
        assert_eq!(small.insert(7, 2), Some(1));
        assert_eq!((small.get(7), small.get(8)), (Some(2), None));
        let mut reference = std::collections::HashMap::new();
        for i in 0..1000u64 {
            let k = i.wrapping_mul(0x1234_5678_9abc_def1) % 5000;
            assert_eq!(m.insert(k, i as u32), reference.insert(k.max(1), i as u32));
        }
        assert_eq!(m.len(), reference.len());
        for k in 0..5000u64 {
            assert_eq!(m.get(k), reference.get(&k.max(1)).copied());
        }
        let mut s = Set::default();
        s.reset(10);
        assert!(s.insert(5) && !s.insert(5) && s.insert(6));
        s.reset(10);
        assert!(s.insert(5));
    }
}
