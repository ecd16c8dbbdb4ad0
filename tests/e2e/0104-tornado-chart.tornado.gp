# tornado.gp - sensitivity of one job to each uncertain input (fleetsim 0.1.0)
#
# Draws tornado.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot tornado.gp
# or for one format:    gnuplot -e "fmt='pdf'" tornado.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'tornado.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 20 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'strat: sensitivity of run to its uncertain inputs' font ',24'
    set object 500 rect from screen 0.2968, screen 0.8649 to screen 0.3130, screen 0.8851 fc rgb '#0072B2' fs solid 1.0 noborder front
    set label 500 'input at its low value' at screen 0.3195, screen 0.8750 left front
    set object 501 rect from screen 0.5093, screen 0.8649 to screen 0.5256, screen 0.8851 fc rgb '#E69F00' fs solid 1.0 noborder front
    set label 501 'input at its high value' at screen 0.5321, screen 0.8750 left front
    set label 101 'Each bar: one input from its low to its high value (at its ends), the others at base.' at screen 0.01, screen 0.015 left font ',15' tc rgb '#555555'
    isfar(b, l, h) = abs(l - b) >= abs(h - b)
    far(b, l, h) = isfar(b, l, h) ? l : h
    near(b, l, h) = isfar(b, l, h) ? h : l
    lesser(a, b) = a < b ? a : b
    greater(a, b) = a < b ? b : a
    cfar(b, l, h) = isfar(b, l, h) ? 0x0072B2 : 0xE69F00
    cnear(b, l, h) = isfar(b, l, h) ? 0xE69F00 : 0x0072B2
    set style textbox opaque fc rgb '#ffffff' noborder
    set lmargin at screen 0.121
    set rmargin at screen 0.470
    set bmargin at screen 0.160
    set tmargin at screen 0.730
    set title 'Time to train (P50)'
    set xlabel 'Time to train (days)'
    set format x '%g'
    set yrange [-0.7:1.7]
    set title offset 0,0.9
    unset grid
    set grid xtics
    set ytics scale 0
    set ytics ('MFU' 1, 'failure rate' 0)
    set xrange [24.5182:46.2853]
    set xtics 5
    set arrow 1 from 33.2872, graph 0 to 33.2872, graph 1 nohead lw 2 lc rgb '#000000' front
    set label 1 'baseline 33.3 d' at 33.2872, graph 1 center offset 0,0.7 font ',17'
    set label 200 '0.3' at 44.3423, 1.0 left offset 0.5,0 front font ',17'
    set label 201 '0.5' at 26.4612, 1.0 right offset -0.5,0 front font ',17'
    set label 202 '5' at 30.6403, 0.0 right offset -0.5,0 front font ',17'
    set label 203 '40' at 35.9165, 0.0 left offset 0.5,0 front font ',17'
    plot \
        'tornado.dat' index 0 using ($2/1):((isfar($2,$3,$4) ? $9 : $10) == 0 ? $1 : 1/0):(lesser($2, far($2,$3,$4))/1):(greater($2, far($2,$3,$4))/1):($1-0.32):($1+0.32):(cfar($2,$3,$4)) with boxxyerror fc rgb variable fs solid 0.9 noborder, \
        'tornado.dat' index 0 using ($2/1):((isfar($2,$3,$4) ? $9 : $10) > 0 ? $1 : 1/0):(lesser($2, far($2,$3,$4))/1):(greater($2, far($2,$3,$4))/1):($1-0.32):($1+0.32):(cfar($2,$3,$4)) with boxxyerror lc rgb variable fs pattern 4 border, \
        'tornado.dat' index 0 using ($2/1):((isfar($2,$3,$4) ? $10 : $9) == 0 ? $1 : 1/0):(lesser($2, near($2,$3,$4))/1):(greater($2, near($2,$3,$4))/1):($1-0.32):($1+0.32):(cnear($2,$3,$4)) with boxxyerror fc rgb variable fs solid 0.9 noborder, \
        'tornado.dat' index 0 using ($2/1):((isfar($2,$3,$4) ? $10 : $9) > 0 ? $1 : 1/0):(lesser($2, near($2,$3,$4))/1):(greater($2, near($2,$3,$4))/1):($1-0.32):($1+0.32):(cnear($2,$3,$4)) with boxxyerror lc rgb variable fs pattern 4 border
    unset arrow 1
    unset label 1
    unset label 200
    unset label 201
    unset label 202
    unset label 203
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset label 100
    unset label 101
    set lmargin at screen 0.631
    set rmargin at screen 0.970
    set bmargin at screen 0.160
    set tmargin at screen 0.730
    set title 'Dedicated TCO (mean)'
    set xlabel 'USD (millions)'
    set format x '$%gM'
    set yrange [-0.7:1.7]
    set title offset 0,0.9
    unset grid
    set grid xtics
    set ytics scale 0
    set ytics ('MFU' 1, 'failure rate' 0)
    set xrange [0.999797:1.89088]
    set xtics 0.25
    set arrow 1 from 1.3575, graph 0 to 1.3575, graph 1 nohead lw 2 lc rgb '#000000' front
    set label 1 'baseline $1.357M' at 1.3575, graph 1 center offset 0,0.7 font ',17'
    set label 200 '0.3' at 1.80899, 1.0 left offset 0.5,0 front font ',17'
    set label 201 '0.5' at 1.08169, 1.0 right offset -0.5,0 front font ',17'
    set label 202 '5' at 1.25036, 0.0 right offset -0.5,0 front font ',17'
    set label 203 '40' at 1.46335, 0.0 left offset 0.5,0 front font ',17'
    plot \
        'tornado.dat' index 1 using ($2/1e+06):((isfar($2,$3,$4) ? $9 : $10) == 0 ? $1 : 1/0):(lesser($2, far($2,$3,$4))/1e+06):(greater($2, far($2,$3,$4))/1e+06):($1-0.32):($1+0.32):(cfar($2,$3,$4)) with boxxyerror fc rgb variable fs solid 0.9 noborder, \
        'tornado.dat' index 1 using ($2/1e+06):((isfar($2,$3,$4) ? $9 : $10) > 0 ? $1 : 1/0):(lesser($2, far($2,$3,$4))/1e+06):(greater($2, far($2,$3,$4))/1e+06):($1-0.32):($1+0.32):(cfar($2,$3,$4)) with boxxyerror lc rgb variable fs pattern 4 border, \
        'tornado.dat' index 1 using ($2/1e+06):((isfar($2,$3,$4) ? $10 : $9) == 0 ? $1 : 1/0):(lesser($2, near($2,$3,$4))/1e+06):(greater($2, near($2,$3,$4))/1e+06):($1-0.32):($1+0.32):(cnear($2,$3,$4)) with boxxyerror fc rgb variable fs solid 0.9 noborder, \
        'tornado.dat' index 1 using ($2/1e+06):((isfar($2,$3,$4) ? $10 : $9) > 0 ? $1 : 1/0):(lesser($2, near($2,$3,$4))/1e+06):(greater($2, near($2,$3,$4))/1e+06):($1-0.32):($1+0.32):(cnear($2,$3,$4)) with boxxyerror lc rgb variable fs pattern 4 border
    unset arrow 1
    unset label 1
    unset label 200
    unset label 201
    unset label 202
    unset label 203
    unset multiplot
    set output
}
