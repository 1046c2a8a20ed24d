;; The matrix products of @nn/tensor in WebAssembly with 128-bit SIMD: C = A·Bᵀ for
;; row-major matrices A [m, k] and B [n, k], as `matmulTransposedJs` in src/matmul.ts computes
;; it in JavaScript. Both operands are read along rows, two float64 (f64x2) or four float32 (f32x4)
;; numbers at a time, and 2×4 blocks of C are computed together so that each vector of A loaded is
;; used four times and each of B twice. The inner loop reads B's four rows from a copy packed by
;; `pack4` (the rows' vectors interleaved), so that one pointer walks them.
;; `a`, `b`, `c` and `p` are byte offsets into the memory: A, B, C and B packed. C's rows
;; are `ldc` elements apart, so that a caller can compute C a block of columns at a time
;; (C[:, j0 … j1] from B's rows j0 … j1 and their packed copy).
;;
;; The memory is imported, so that several instances (one per thread) can share one: this text
;; declares it unshared, and scripts/build-wasm.mjs also assembles the shared declaration to check
;; that the two differ only in the memory's flags byte, whose offset it records. It also assembles
;; a second variant with fused multiply-add: each `(fNxM.add (local.get $acc) (fNxM.mul x y))` of the
;; products' inner loops becomes `(fNxM.relaxed_madd x y (local.get $acc))` (relaxed SIMD).
(module
  (import "env" "memory" (memory 1 16384))

  ;; Σ_p A[pa + p]·B[pb + p] for p < k: one entry of C.
  (func $dot (param $pa i32) (param $pb i32) (param $k i32) (result f64)
    (local $acc v128) (local $off i32) (local $end i32) (local $sum f64)
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $acc
          (f64x2.add (local.get $acc)
            (f64x2.mul
              (v128.load (i32.add (local.get $pa) (local.get $off)))
              (v128.load (i32.add (local.get $pb) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $next)))
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    ;; an odd k leaves one product
    (if (i32.and (local.get $k) (i32.const 1))
      (then
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul
              (f64.load (i32.add (local.get $pa) (local.get $end)))
              (f64.load (i32.add (local.get $pb) (local.get $end))))))))
    (local.get $sum))

  ;; Σ A[pa + p]·B[pb + p] over the bytes p from `from` to `to`, one f64 at a time.
  (func $rest64 (param $pa i32) (param $pb i32) (param $from i32) (param $to i32) (result f64)
    (local $sum f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul
              (f64.load (i32.add (local.get $pa) (local.get $from)))
              (f64.load (i32.add (local.get $pb) (local.get $from))))))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (br $next)))
    (local.get $sum))

  ;; (Σ lanes of v0, Σ lanes of v1)
  (func $sums2 (param $v0 v128) (param $v1 v128) (result v128)
    (f64x2.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $v0) (local.get $v1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $v0) (local.get $v1))))

  ;; C = A·Bᵀ in float64, as the float32 product below: blocks of 2 rows of A against 4 rows of B.
  (func $matmulTransposed
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $ldc i32) (param $p i32)
    (local $stride i32) (local $end i32) (local $i i32) (local $j i32) (local $off i32) (local $jj i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $pb i32) (local $out i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local.set $stride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $stride)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (i32.add (local.get $j) (i32.const 3)) (local.get $n)))
            ;; rows j … j + 3 of B, packed: k's groups one after the other, each the four rows' vectors
            (local.set $pb (i32.add (local.get $p) (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $end)) (i32.const 2))))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c02 (v128.const i32x4 0 0 0 0)) (local.set $c03 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c12 (v128.const i32x4 0 0 0 0)) (local.set $c13 (v128.const i32x4 0 0 0 0))
            (local.set $off (i32.const 0))
            (block $k_done
              (loop $ks
                (br_if $k_done (i32.ge_u (local.get $off) (local.get $end)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $off))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $off))))
                (local.set $y (v128.load (local.get $pb)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=16 (local.get $pb)))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=32 (local.get $pb)))
                (local.set $c02 (f64x2.add (local.get $c02) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $c12 (f64x2.add (local.get $c12) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=48 (local.get $pb)))
                (local.set $c03 (f64x2.add (local.get $c03) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $c13 (f64x2.add (local.get $c13) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $ks)))
            ;; C[i, j … j + 3] and C[i + 1, j … j + 3]: the lanes of each accumulator summed
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $out) (call $sums2 (local.get $c00) (local.get $c01)))
            (v128.store offset=16 (local.get $out) (call $sums2 (local.get $c02) (local.get $c03)))
            (local.set $off (i32.add (local.get $out) (i32.shl (local.get $ldc) (i32.const 3))))
            (v128.store (local.get $off) (call $sums2 (local.get $c10) (local.get $c11)))
            (v128.store offset=16 (local.get $off) (call $sums2 (local.get $c12) (local.get $c13)))
            ;; an odd k leaves one term: add their products entry by entry
            (if (i32.lt_u (local.get $end) (local.get $stride))
              (then
                (local.set $jj (i32.const 0))
                (block $rest_done
                  (loop $rest
                    (br_if $rest_done (i32.ge_u (local.get $jj) (i32.const 4)))
                    (local.set $b0 (i32.add (local.get $b) (i32.mul (i32.add (local.get $j) (local.get $jj)) (local.get $stride))))
                    (local.set $off (i32.add (local.get $out) (i32.shl (local.get $jj) (i32.const 3))))
                    (f64.store (local.get $off)
                      (f64.add (f64.load (local.get $off)) (call $rest64 (local.get $a0) (local.get $b0) (local.get $end) (local.get $stride))))
                    (local.set $off (i32.add (local.get $off) (i32.shl (local.get $ldc) (i32.const 3))))
                    (f64.store (local.get $off)
                      (f64.add (f64.load (local.get $off)) (call $rest64 (local.get $a1) (local.get $b0) (local.get $end) (local.get $stride))))
                    (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                    (br $rest)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        ;; n mod 4 columns left for these two rows
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $out) (call $dot (local.get $a0) (local.get $b0) (local.get $k)))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $ldc) (i32.const 3)))
              (call $dot (local.get $a1) (local.get $b0) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
    ;; an odd m leaves one row
    (if (i32.lt_u (local.get $i) (local.get $m))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $j (i32.const 0))
        (block $last_done
          (loop $last
            (br_if $last_done (i32.ge_u (local.get $j) (local.get $n)))
            (f64.store
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3)))
              (call $dot (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $last))))))

  ;; ---- float32: the same product on f32 rows, four numbers at a time (f32x4) ----

  ;; Σ_p A[pa + p]·B[pb + p] for p < k, in float32: one entry of C.
  (func $dot32 (param $pa i32) (param $pb i32) (param $k i32) (result f32)
    (local $acc v128) (local $off i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $off) (local.get $end)))
        (local.set $acc
          (f32x4.add (local.get $acc)
            (f32x4.mul
              (v128.load (i32.add (local.get $pa) (local.get $off)))
              (v128.load (i32.add (local.get $pb) (local.get $off))))))
        (local.set $off (i32.add (local.get $off) (i32.const 16)))
        (br $next)))
    (call $finish32 (local.get $acc) (local.get $pa) (local.get $pb) (local.get $end) (i32.shl (local.get $k) (i32.const 2))))

  ;; The lanes of v added, plus the products of the terms from byte `from` to byte `to`.
  (func $finish32 (param $v v128) (param $pa i32) (param $pb i32) (param $from i32) (param $to i32) (result f32)
    (f32.add
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
        (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v))))
      (call $rest32 (local.get $pa) (local.get $pb) (local.get $from) (local.get $to))))

  ;; Σ A[pa + p]·B[pb + p] over the bytes p from `from` to `to`, one f32 at a time.
  (func $rest32 (param $pa i32) (param $pb i32) (param $from i32) (param $to i32) (result f32)
    (local $sum f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $sum
          (f32.add (local.get $sum)
            (f32.mul
              (f32.load (i32.add (local.get $pa) (local.get $from)))
              (f32.load (i32.add (local.get $pb) (local.get $from))))))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (br $next)))
    (local.get $sum))

  ;; (Σ lanes of v0, Σ lanes of v1, Σ lanes of v2, Σ lanes of v3), by a 4×4 transpose of shuffles.
  (func $sums4 (param $v0 v128) (param $v1 v128) (param $v2 v128) (param $v3 v128) (result v128)
    (local $u0 v128) (local $u1 v128)
    ;; u0 = (v0₀+v0₂, v1₀+v1₂, v0₁+v0₃, v1₁+v1₃), u1 the same for v2 and v3
    (local.set $u0
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1))))
    (local.set $u1
      (f32x4.add
        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3))
        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u0) (local.get $u1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u0) (local.get $u1))))

  ;; C = A·Bᵀ in float32, by blocks of 2 rows of A against 4 rows of B: each loaded vector of A is
  ;; used four times and each of B twice, with eight accumulators.
  (func $matmulTransposedF32
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $ldc i32) (param $p i32)
    (local $stride i32) (local $end i32) (local $i i32) (local $j i32) (local $off i32) (local $jj i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $pb i32) (local $out i32)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128)
    (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local.set $stride (i32.shl (local.get $k) (i32.const 2)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $stride)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (i32.add (local.get $j) (i32.const 3)) (local.get $n)))
            ;; rows j … j + 3 of B, packed: k's groups one after the other, each the four rows' vectors
            (local.set $pb (i32.add (local.get $p) (i32.shl (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $end)) (i32.const 2))))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c02 (v128.const i32x4 0 0 0 0)) (local.set $c03 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c12 (v128.const i32x4 0 0 0 0)) (local.set $c13 (v128.const i32x4 0 0 0 0))
            (local.set $off (i32.const 0))
            (block $k_done
              (loop $ks
                (br_if $k_done (i32.ge_u (local.get $off) (local.get $end)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $off))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $off))))
                (local.set $y (v128.load (local.get $pb)))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=16 (local.get $pb)))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=32 (local.get $pb)))
                (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load offset=48 (local.get $pb)))
                (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $ks)))
            ;; C[i, j … j + 3] and C[i + 1, j … j + 3]: the lanes of four accumulators summed at once
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2))))
            (v128.store (local.get $out) (call $sums4 (local.get $c00) (local.get $c01) (local.get $c02) (local.get $c03)))
            (v128.store (i32.add (local.get $out) (i32.shl (local.get $ldc) (i32.const 2)))
              (call $sums4 (local.get $c10) (local.get $c11) (local.get $c12) (local.get $c13)))
            ;; k mod 4 terms left: add their products entry by entry
            (if (i32.lt_u (local.get $end) (local.get $stride))
              (then
                (local.set $jj (i32.const 0))
                (block $rest_done
                  (loop $rest
                    (br_if $rest_done (i32.ge_u (local.get $jj) (i32.const 4)))
                    (local.set $b0 (i32.add (local.get $b) (i32.mul (i32.add (local.get $j) (local.get $jj)) (local.get $stride))))
                    (local.set $off (i32.add (local.get $out) (i32.shl (local.get $jj) (i32.const 2))))
                    (f32.store (local.get $off)
                      (f32.add (f32.load (local.get $off)) (call $rest32 (local.get $a0) (local.get $b0) (local.get $end) (local.get $stride))))
                    (local.set $off (i32.add (local.get $off) (i32.shl (local.get $ldc) (i32.const 2))))
                    (f32.store (local.get $off)
                      (f32.add (f32.load (local.get $off)) (call $rest32 (local.get $a1) (local.get $b0) (local.get $end) (local.get $stride))))
                    (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                    (br $rest)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        ;; n mod 4 columns left for these two rows
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2))))
            (f32.store (local.get $out) (call $dot32 (local.get $a0) (local.get $b0) (local.get $k)))
            (f32.store (i32.add (local.get $out) (i32.shl (local.get $ldc) (i32.const 2)))
              (call $dot32 (local.get $a1) (local.get $b0) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))
    ;; an odd m leaves one row
    (if (i32.lt_u (local.get $i) (local.get $m))
      (then
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $j (i32.const 0))
        (block $last_done
          (loop $last
            (br_if $last_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 2)))
              (call $dot32 (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $last))))))

;; ---- the exported products: C a block of columns at a time ----

  ;; C = A·Bᵀ (float64) for A [m, k] at `a`, B [n, k] at `b` and B packed at `p`, into C at `c`
  ;; with rows `ldc` elements apart, `block` columns of C at a time (a multiple of 4): the block's
  ;; rows of B stay in cache while every row of A passes them. `p` is where the packed copy of B's
  ;; rows from 0 on starts, and each of its groups of four rows takes 4·(k rounded down to even)
  ;; numbers. A caller splitting C among threads gives each a range of rows (A and C moved on) or
  ;; of columns (B, C and `p` moved on) starting at a multiple of 2 rows or 4 columns, so that
  ;; every entry of C is computed by the same instructions whatever the split.
  (func (export "productF64")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $ldc i32) (param $p i32) (param $block i32)
    (local $j i32) (local $group i32)
    ;; the bytes of four packed rows: 4 × (k rounded down to even) × 8
    (local.set $group (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 5)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (call $matmulTransposed
          (local.get $a)
          (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 3)))
          (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 3)))
          (local.get $m)
          (select (local.get $block) (i32.sub (local.get $n) (local.get $j))
            (i32.lt_u (local.get $block) (i32.sub (local.get $n) (local.get $j))))
          (local.get $k) (local.get $ldc)
          (i32.add (local.get $p) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $group))))
        (local.set $j (i32.add (local.get $j) (local.get $block)))
        (br $blocks))))

  ;; As productF64, in float32 (four packed rows take 4 × (k rounded down to a multiple of 4) × 4 bytes).
  (func (export "productF32")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $ldc i32) (param $p i32) (param $block i32)
    (local $j i32) (local $group i32)
    (local.set $group (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 4)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
        (call $matmulTransposedF32
          (local.get $a)
          (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2)))
          (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2)))
          (local.get $m)
          (select (local.get $block) (i32.sub (local.get $n) (local.get $j))
            (i32.lt_u (local.get $block) (i32.sub (local.get $n) (local.get $j))))
          (local.get $k) (local.get $ldc)
          (i32.add (local.get $p) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $group))))
        (local.set $j (i32.add (local.get $j) (local.get $block)))
        (br $blocks))))

  ;; ---- transposes, so that a product whose operand is stored the other way needs no JavaScript pass ----

  ;; dst = srcᵀ for a row-major float32 [rows, cols] matrix: dst[c·rows + r] = src[r·cols + c],
  ;; 4×4 blocks at a time (four rows loaded, shuffled into four columns), the edges one by one.
  (func (export "transposeF32") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $in i32) (local $out i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $cols)))
            (local.set $in (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
            (local.set $v0 (v128.load (local.get $in)))
            (local.set $in (i32.add (local.get $in) (i32.shl (local.get $cols) (i32.const 2))))
            (local.set $v1 (v128.load (local.get $in)))
            (local.set $in (i32.add (local.get $in) (i32.shl (local.get $cols) (i32.const 2))))
            (local.set $v2 (v128.load (local.get $in)))
            (local.set $in (i32.add (local.get $in) (i32.shl (local.get $cols) (i32.const 2))))
            (local.set $v3 (v128.load (local.get $in)))
            ;; (a0 b0 a1 b1), (a2 b2 a3 b3), (c0 d0 c1 d1), (c2 d2 c3 d3) for rows a, b, c, d
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            ;; columns c … c + 3 of the four rows: (a0 b0 c0 d0), (a1 b1 c1 d1), …
            (local.set $out (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
            (v128.store (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
            (v128.store (local.get $out) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $cols)))
        ;; the last cols mod 4 columns of these four rows
        (call $transposeEdge32 (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
          (local.get $r) (i32.add (local.get $r) (i32.const 4)) (local.get $c))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows)))
    ;; the last rows mod 4 rows, every column
    (call $transposeEdge32 (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
      (local.get $r) (local.get $rows) (i32.const 0)))

  ;; dst[c·rows + r] = src[r·cols + c] for rows r0 … r1 − 1 and columns c0 … cols − 1, one by one.
  (func $transposeEdge32 (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
              (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; dst = srcᵀ for a row-major float64 [rows, cols] matrix, 2×2 blocks at a time, the edges one by one.
  (func (export "transposeF64") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $in i32) (local $out i32) (local $v0 v128) (local $v1 v128)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.gt_u (i32.add (local.get $c) (i32.const 2)) (local.get $cols)))
            (local.set $in (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 3))))
            (local.set $v0 (v128.load (local.get $in)))
            (local.set $v1 (v128.load (i32.add (local.get $in) (i32.shl (local.get $cols) (i32.const 3)))))
            ;; (a0 b0) and (a1 b1) for rows a, b
            (local.set $out (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 3))))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $v0) (local.get $v1)))
            (v128.store (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 3)))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $c (i32.add (local.get $c) (i32.const 2)))
            (br $cols)))
        (call $transposeEdge64 (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
          (local.get $r) (i32.add (local.get $r) (i32.const 2)) (local.get $c))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rows)))
    (call $transposeEdge64 (local.get $src) (local.get $dst) (local.get $rows) (local.get $cols)
      (local.get $r) (local.get $rows) (i32.const 0)))

  ;; As $transposeEdge32, for float64.
  (func $transposeEdge64 (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32)
    (local $r i32) (local $c i32)
    (local.set $r (local.get $r0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $c (local.get $c0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $c) (local.get $cols)))
            (f64.store
              (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 3)))
              (f64.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 3)))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))
  ;; ---- packing, so that the products' inner loops read B from one pointer ----

  ;; For each full group of four rows of B ([n, k] rows `stride` bytes apart), the first `end` bytes
  ;; of the four rows 16 bytes at a time, interleaved: row j's 16 bytes at g, row j + 1's, j + 2's,
  ;; j + 3's, then the next 16 bytes of each. The same bytes for float64 and float32.
  (func (export "pack4") (param $b i32) (param $packed i32) (param $n i32) (param $stride i32) (param $end i32)
    (local $j i32) (local $g i32) (local $src i32)
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $g (i32.const 0))
        (block $groups_done
          (loop $groups
            (br_if $groups_done (i32.ge_u (local.get $g) (local.get $end)))
            (local.set $src (i32.add (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))) (local.get $g)))
            (v128.store (local.get $packed) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $stride)))
            (v128.store offset=16 (local.get $packed) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $stride)))
            (v128.store offset=32 (local.get $packed) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $stride)))
            (v128.store offset=48 (local.get $packed) (v128.load (local.get $src)))
            (local.set $packed (i32.add (local.get $packed) (i32.const 64)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $groups)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $rows))))
)
