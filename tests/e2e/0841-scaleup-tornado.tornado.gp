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
    set label 100 'fleetsim 0.1.0, seed 20260601, 4 replicates per variant' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set multiplot title 'deepseek_2026_scaleup: sensitivity of next_model to its uncertain inputs' font ',24'
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
    set lmargin at screen 0.219
    set rmargin at screen 0.470
    set bmargin at screen 0.160
    set tmargin at screen 0.730
    set title 'Time to train (P50)'
    set xlabel 'Time to train (days)'
    set format x '%g'
    set yrange [-0.7:8.7]
    set title offset 0,0.9
    unset grid
    set grid xtics
    set ytics scale 0
    set ytics ('restart, min' 8, 'checkpoint write, min' 7, '910C node failure rate' 6, 'MFU (next_model)' 5, '910C supply per month' 4, 'repair time, h' 3, '910C all-in price $' 2, 'amortization, years' 1, 'PUE' 0)
    set xrange [34.6549:299.897]
    set xtics 50
    set arrow 1 from 118.719, graph 0 to 118.719, graph 1 nohead lw 2 lc rgb '#000000' front
    set label 1 'baseline 119 d' at 118.719, graph 1 center offset 0,0.7 font ',17'
    set label 200 '2' at 91.8425, 8.0 right offset -0.5,0 front font ',17'
    set label 201 '15' at 271.508, 8.0 left offset 0.5,0 front font ',17'
    set label 202 '0.25' at 94.2613, 7.0 right offset -0.5,0 front font ',17'
    set label 203 '5' at 222.764, 7.0 left offset 0.5,0 front font ',17'
    set label 204 '3.79' at 76.4181, 6.0 right offset -0.5,0 front font ',17'
    set label 205 '16' at 172.252, 6.0 left offset 0.5,0 front font ',17'
    set label 206 '0.25' at 164.067, 5.0 left offset 0.5,0 front font ',17'
    set label 207 '0.4' at 102.54, 5.0 right offset -0.5,0 front font ',17'
    set label 208 'no effect' at 118.719, 4.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
    set label 209 'no effect' at 118.719, 3.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
    set label 210 'no effect' at 118.719, 2.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
    set label 211 'no effect' at 118.719, 1.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
    set label 212 'no effect' at 118.719, 0.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
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
    unset label 204
    unset label 205
    unset label 206
    unset label 207
    unset label 208
    unset label 209
    unset label 210
    unset label 211
    unset label 212
    unset object 500
    unset label 500
    unset object 501
    unset label 501
    unset label 100
    unset label 101
    set lmargin at screen 0.729
    set rmargin at screen 0.970
    set bmargin at screen 0.160
    set tmargin at screen 0.730
    set title 'Dedicated TCO (mean)'
    set xlabel 'USD (millions)'
    set format x '$%gM'
    set yrange [-0.7:8.7]
    set title offset 0,0.9
    unset grid
    set grid xtics
    set ytics scale 0
    set ytics ('restart, min' 8, '910C all-in price $' 7, 'checkpoint write, min' 6, '910C node failure rate' 5, 'amortization, years' 4, 'MFU (next_model)' 3, 'PUE' 2, '910C supply per month' 1, 'repair time, h' 0)
    set xrange [36.2006:608.216]
    set xtics 250
    set arrow 1 from 202.299, graph 0 to 202.299, graph 1 nohead lw 2 lc rgb '#000000' front
    set label 1 'baseline $202.3M' at 202.299, graph 1 center offset 0,0.7 font ',17'
    set label 200 '2' at 156.583, 8.0 right offset -0.5,0 front font ',17'
    set label 201 '15' at 462.287, 8.0 left offset 0.5,0 front font ',17'
    set label 202 '21,354' at 169.724, 7.0 right offset -0.5,0 front font ',17'
    set label 203 '68,248' at 474.693, 7.0 left offset 0.5,0 front font ',17'
    set label 204 '0.25' at 160.674, 6.0 right offset -0.5,0 front font ',17'
    set label 205 '5' at 380.276, 6.0 left offset 0.5,0 front font ',17'
    set label 206 '3.79' at 130.03, 5.0 right offset -0.5,0 front font ',17'
    set label 207 '16' at 293.317, 5.0 left offset 0.5,0 front font ',17'
    set label 208 '3' at 316.597, 4.0 left offset 0.5,0 front font ',17'
    set label 209 '6' at 173.725, 4.0 right offset -0.5,0 front font ',17'
    set label 210 '0.25' at 279.285, 3.0 left offset 0.5,0 front font ',17'
    set label 211 '0.4' at 174.716, 3.0 right offset -0.5,0 front font ',17'
    set label 212 '1.1' at 198.597, 2.0 right offset -0.5,0 front font ',17'
    set label 213 '1.58' at 210.444, 2.0 left offset 0.5,0 front font ',17'
    set label 214 '3,500' at 201.42, 1.0 right offset -0.5,0 front font ',17'
    set label 215 '10,000' at 202.299, 1.0 left offset 0.5,0 front font ',17'
    set label 216 'no effect' at 202.299, 0.0 left offset 0.5,0 front font ',17' tc rgb '#555555'
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
    unset label 204
    unset label 205
    unset label 206
    unset label 207
    unset label 208
    unset label 209
    unset label 210
    unset label 211
    unset label 212
    unset label 213
    unset label 214
    unset label 215
    unset label 216
    unset multiplot
    set output
}
