;; The matrix product kernel of @nn/tensor in WebAssembly with 128-bit SIMD: C = A·Bᵀ for
;; row-major float64 matrices A [m, k] and B [n, k], as `multiplyTransposed` in src/matmul.ts
;; computes it in JavaScript. Both operands are read along rows, two numbers at a time (f64x2),
;; and 2×2 blocks of C are computed together so that each value loaded is used twice.
;; `a`, `b` and `c` are byte offsets into the exported memory.
(module
  (memory (export "memory") 1)

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

  ;; The lanes of v added, plus the odd k's last product when there is one.
  (func $finish (param $v v128) (param $pa i32) (param $pb i32) (param $k i32) (param $end i32) (result f64)
    (local $sum f64)
    (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))
    (if (result f64) (i32.and (local.get $k) (i32.const 1))
      (then
        (f64.add (local.get $sum)
          (f64.mul
            (f64.load (i32.add (local.get $pa) (local.get $end)))
            (f64.load (i32.add (local.get $pb) (local.get $end))))))
      (else (local.get $sum))))

  ;; C = A·Bᵀ
  (func (export "multiplyTransposed")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32)
    (local $stride i32) (local $end i32) (local $i i32) (local $j i32) (local $off i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $out i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128)
    (local.set $stride (i32.shl (local.get $k) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $k) (i32.const -2)) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $stride)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $n)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $stride)))
            (local.set $c00 (v128.const f64x2 0 0))
            (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0))
            (local.set $c11 (v128.const f64x2 0 0))
            (local.set $off (i32.const 0))
            (block $k_done
              (loop $ks
                (br_if $k_done (i32.ge_u (local.get $off) (local.get $end)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $off))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $off))))
                (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $off))))
                (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $off))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x1) (local.get $y1))))
                (local.set $off (i32.add (local.get $off) (i32.const 16)))
                (br $ks)))
            ;; C[i, j], C[i, j + 1], C[i + 1, j], C[i + 1, j + 1]
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $out) (call $finish (local.get $c00) (local.get $a0) (local.get $b0) (local.get $k) (local.get $end)))
            (f64.store offset=8 (local.get $out) (call $finish (local.get $c01) (local.get $a0) (local.get $b1) (local.get $k) (local.get $end)))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
            (f64.store (local.get $out) (call $finish (local.get $c10) (local.get $a1) (local.get $b0) (local.get $k) (local.get $end)))
            (f64.store offset=8 (local.get $out) (call $finish (local.get $c11) (local.get $a1) (local.get $b1) (local.get $k) (local.get $end)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        ;; an odd n leaves one column for these two rows
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))))
            (local.set $out (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3))))
            (f64.store (local.get $out) (call $dot (local.get $a0) (local.get $b0) (local.get $k)))
            (f64.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
              (call $dot (local.get $a1) (local.get $b0) (local.get $k)))))
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
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 3)))
              (call $dot (local.get $a0) (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $stride))) (local.get $k)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $last)))))))
